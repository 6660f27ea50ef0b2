import { AuthError, AuthErrorCode } from './auth.error';
import { ConflictError, ConflictErrorCode } from './conflict.error';
import { classifyError, consumerDecision } from './consumer-decision';
import { ForbiddenError, ForbiddenErrorCode } from './forbidden.error';
import { toHttpResponse } from './http-mapping';
import { NotFoundError, NotFoundErrorCode } from './not-found.error';
import { PreconditionFailedError, PreconditionFailedErrorCode } from './precondition-failed.error';
import { parseRetryAfter, RateLimitedError, RateLimitedErrorCode } from './rate-limited.error';
import { RetryableError, RetryableErrorCode } from './retryable.error';
import { ValidationError, ValidationErrorCode } from './validation.error';

describe('error taxonomy', () => {
  it('maps each category to the HTTP status a client sees', () => {
    const cases: Array<[Error, number]> = [
      [
        new ValidationError(ValidationErrorCode.INVALID_INPUT, 'bad', [
          { field: 'email', message: 'must be an email' },
        ]),
        400,
      ],
      [new ValidationError(ValidationErrorCode.UNPROCESSABLE, 'key reused with another body'), 422],
      [new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'no'), 401],
      [new ForbiddenError(ForbiddenErrorCode.MISSING_SCOPE, 'needs write'), 403],
      [new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, 'gone'), 404],
      [new ConflictError(ConflictErrorCode.ALREADY_EXISTS, 'dup'), 409],
      [new PreconditionFailedError(PreconditionFailedErrorCode.VERSION_MISMATCH, 'stale'), 412],
      [new RateLimitedError(RateLimitedErrorCode.TOO_MANY_REQUESTS, 'slow down', 1500), 429],
      [new RetryableError(RetryableErrorCode.UPSTREAM_UNAVAILABLE, 'later'), 503],
    ];
    for (const [error, status] of cases) expect(toHttpResponse(error).status).toBe(status);
  });

  it('names every offending field in a validation response', () => {
    const response = toHttpResponse(
      new ValidationError(ValidationErrorCode.INVALID_INPUT, 'invalid body', [
        { field: 'email', message: 'must be an email' },
        { field: 'currency', message: 'must be an ISO 4217 code' },
      ]),
    );
    expect(response.body.error.details).toEqual({
      fields: [
        { field: 'email', message: 'must be an email' },
        { field: 'currency', message: 'must be an ISO 4217 code' },
      ],
    });
  });

  it('sends Retry-After in whole seconds for a rate limit', () => {
    const response = toHttpResponse(
      new RateLimitedError(RateLimitedErrorCode.TOO_MANY_REQUESTS, 'slow', 1200),
    );
    expect(response.headers['retry-after']).toBe('2');
  });

  it('hides the message and stack of an unexpected error', () => {
    const response = toHttpResponse(
      new TypeError('cannot read properties of undefined (secret=abc)'),
    );
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret');
  });

  it('decides retry, dead-letter or pause by class', () => {
    expect(consumerDecision(new RetryableError(RetryableErrorCode.NETWORK, 'reset'))).toEqual({
      action: 'retry',
    });
    expect(
      consumerDecision(
        new RateLimitedError(RateLimitedErrorCode.UPSTREAM_RATE_LIMITED, '429', 3000),
      ),
    ).toEqual({
      action: 'retry',
      delayMs: 3000,
    });
    expect(consumerDecision(new AuthError(AuthErrorCode.REVOKED_CREDENTIALS, 'revoked'))).toEqual({
      action: 'pause-connection',
    });
    expect(
      consumerDecision(new ValidationError(ValidationErrorCode.INVALID_MESSAGE, 'bad')),
    ).toEqual({
      action: 'dead-letter',
    });
    expect(
      consumerDecision(new ConflictError(ConflictErrorCode.SYNC_CONFLICT, 'both changed')),
    ).toEqual({
      action: 'dead-letter',
    });
  });

  it('treats an unclassified error as retryable, keeping it as the cause', () => {
    const original = new Error('ECONNRESET');
    const classified = classifyError(original);
    expect(classified.retryable).toBe(true);
    expect(classified.cause).toBe(original);
  });

  it('keeps the text of an unclassified error out of the message that reaches logs and events', () => {
    const classified = classifyError(
      new TypeError('GET https://api.example.com/x?token=abc failed'),
    );
    expect(classified.message).toBe('Unclassified TypeError');
    expect(JSON.stringify(classified)).not.toContain('token=abc');
    expect(classifyError('boom').message).toBe('Unclassified string');
  });

  it('never carries a wait that is negative, fractional or not a number', () => {
    const waits = [Number.NaN, -50, 1234.6].map(
      (ms) => new RateLimitedError(RateLimitedErrorCode.TOO_MANY_REQUESTS, 'slow', ms),
    );
    expect(waits.map((e) => e.retryAfterMs)).toEqual([0, 0, 1235]);
    expect(waits.map((e) => e.details['retryAfterMs'])).toEqual([0, 0, 1235]);
    expect(waits.map((e) => toHttpResponse(e).headers['retry-after'])).toEqual(['0', '0', '2']);
    expect(consumerDecision(waits[0])).toEqual({ action: 'retry', delayMs: 0 });
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
