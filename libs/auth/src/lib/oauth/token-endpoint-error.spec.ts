import {
  AuthError,
  AuthErrorCode,
  RateLimitedError,
  RetryableError,
  RetryableErrorCode,
} from '@concord/errors';

import { tokenEndpointError } from './token-endpoint-error';

describe('tokenEndpointError', () => {
  it.each([
    [{ status: 400, error: 'invalid_grant' }, AuthError, AuthErrorCode.REVOKED_CREDENTIALS],
    [{ status: 401, error: 'invalid_client' }, AuthError, AuthErrorCode.REVOKED_CREDENTIALS],
    [{ status: 400, error: 'invalid_request' }, AuthError, AuthErrorCode.INVALID_CREDENTIALS],
    [{ status: 403 }, AuthError, AuthErrorCode.INVALID_CREDENTIALS],
    [{ status: 502 }, RetryableError, RetryableErrorCode.UPSTREAM_UNAVAILABLE],
    [{}, RetryableError, RetryableErrorCode.NETWORK],
  ])('classifies %p', (failure, type, code) => {
    const error = tokenEndpointError(failure);
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
  });

  it('waits as long as Retry-After says on a 429, or a second without it', () => {
    const limited = tokenEndpointError({ status: 429, retryAfter: '3' });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(3000);
    expect((tokenEndpointError({ status: 429 }) as RateLimitedError).retryAfterMs).toBe(1000);
  });

  it('names the status and OAuth error only', () => {
    expect(tokenEndpointError({ status: 400, error: 'invalid_grant' }).message).toBe(
      'token endpoint answered 400 (invalid_grant)',
    );
    expect(tokenEndpointError({}).message).toBe('token endpoint unreachable');
  });
});
