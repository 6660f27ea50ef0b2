import {
  AuthError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  RateLimitedErrorCode,
  RetryableError,
  ValidationError,
} from '@concord/errors';

import { classifyXeroError, fieldOfXeroMessage } from './xero-error.mapper';

/** What xero-node rejects with: the JSON text of its ApiError. */
function sdkFailure(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): string {
  return JSON.stringify({ response: { statusCode, body, headers }, body });
}

describe('classifyXeroError', () => {
  it('honours Retry-After on a 429', () => {
    const error = classifyXeroError(
      sdkFailure(429, 'Rate limit exceeded', {
        'retry-after': '7',
        'x-rate-limit-problem': 'minute',
      }),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    expect(error.code).toBe(RateLimitedErrorCode.UPSTREAM_RATE_LIMITED);
  });

  it("reports the day's allowance used up when Xero names the daily limit", () => {
    const error = classifyXeroError(
      sdkFailure(429, 'Rate limit exceeded', {
        'retry-after': '3600',
        'x-rate-limit-problem': 'daily',
      }),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.code).toBe(RateLimitedErrorCode.DAILY_ALLOWANCE_EXHAUSTED);
  });

  it('makes a ValidationException permanent, naming the field', () => {
    const error = classifyXeroError(
      sdkFailure(400, {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Item code must be unique.' }] }],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.retryable).toBe(false);
    expect((error as ValidationError).fields).toEqual([
      { field: 'ItemCode', message: 'Item code must be unique.' },
    ]);
  });

  it('sorts the other statuses into the taxonomy', () => {
    expect(
      classifyXeroError(sdkFailure(401, { Title: 'Unauthorized', Detail: 'TokenExpired: x' })),
    ).toBeInstanceOf(AuthError);
    expect(classifyXeroError(sdkFailure(403, { Title: 'Forbidden' }))).toBeInstanceOf(AuthError);
    expect(classifyXeroError(sdkFailure(404, 'not found'))).toBeInstanceOf(NotFoundError);
    expect(classifyXeroError(sdkFailure(503, 'unavailable'))).toBeInstanceOf(RetryableError);
    expect(classifyXeroError(sdkFailure(0, 'socket hang up'))).toBeInstanceOf(RetryableError);
    expect(
      classifyXeroError(
        sdkFailure(400, {
          Message: "The Idempotency-Key 'k' was already used for a different request",
        }),
      ),
    ).toBeInstanceOf(ConflictError);
    expect(classifyXeroError(new Error('boom'))).toBeInstanceOf(RetryableError);
  });

  it('names fields from Xero messages', () => {
    expect(fieldOfXeroMessage('The contact name Ada is already assigned to another contact.')).toBe(
      'Name',
    );
    expect(fieldOfXeroMessage('Email address must be valid.')).toBe('EmailAddress');
    expect(fieldOfXeroMessage("Account code '999' is not a valid code for this document.")).toBe(
      'AccountCode',
    );
    expect(fieldOfXeroMessage('Something odd')).toBe('record');
  });
});
