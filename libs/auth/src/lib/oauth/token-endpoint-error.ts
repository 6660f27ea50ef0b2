import {
  AuthError,
  AuthErrorCode,
  ConcordError,
  parseRetryAfter,
  RateLimitedError,
  RateLimitedErrorCode,
  RetryableError,
  RetryableErrorCode,
} from '@concord/errors';

export interface TokenEndpointFailure {
  /** HTTP status, or undefined when no response arrived (network error). */
  status?: number;
  /** The OAuth `error` field of the response body, e.g. `invalid_grant`. */
  error?: string;
  retryAfter?: string | null;
  now?: number;
}

const REVOKED = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/**
 * Classifies a failed token request the way the refresh function of an OAuthTokenManager should
 * throw it: revoked or invalid credentials are permanent (the operator must reconnect), a 429 waits
 * for its Retry-After, and network errors and 5xx are retried. Only the OAuth error code goes into
 * the message; the response body may echo credentials.
 */
export function tokenEndpointError(failure: TokenEndpointFailure): ConcordError {
  const { status, error } = failure;
  const label = `token endpoint ${status === undefined ? 'unreachable' : `answered ${status}`}${error ? ` (${error})` : ''}`;
  if (status === undefined) return new RetryableError(RetryableErrorCode.NETWORK, label);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(failure.retryAfter, failure.now) ?? 1000;
    return new RateLimitedError(RateLimitedErrorCode.UPSTREAM_RATE_LIMITED, label, retryAfterMs);
  }
  if (status >= 500) return new RetryableError(RetryableErrorCode.UPSTREAM_UNAVAILABLE, label);
  const code =
    error && REVOKED.has(error)
      ? AuthErrorCode.REVOKED_CREDENTIALS
      : AuthErrorCode.INVALID_CREDENTIALS;
  return new AuthError(code, label, {
    details: { status, ...(error ? { oauthError: error } : {}) },
  });
}
