import {
  AuthError,
  AuthErrorCode,
  type ConcordError,
  ConflictError,
  ConflictErrorCode,
  isConcordError,
  NotFoundError,
  NotFoundErrorCode,
  parseRetryAfter,
  RateLimitedError,
  RateLimitedErrorCode,
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import Stripe from 'stripe';

const SECRET_SHAPES = /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+|\bwhsec_[A-Za-z0-9]+/g;

/** How Stripe itself quotes a key it refused: `sk_test_********1234` (at most 4 characters shown). */
const MASKED_KEY = /^(sk|rk|pk)_(test|live)_\*{4,}[A-Za-z0-9]{0,4}$/;

/**
 * Stripe messages may quote (part of) a key; nothing secret-shaped leaves this function. A key
 * Stripe masked itself ("Invalid API Key provided: sk_test_****1234") is kept: it is what the
 * operator needs to recognise which key was refused, and it cannot be used.
 */
export function sanitizeStripeMessage(message: string): string {
  return message
    .replace(SECRET_SHAPES, (shape) => (MASKED_KEY.test(shape) ? shape : '[redacted]'))
    .slice(0, 900);
}

/** A provider 429 without Retry-After still waits this long. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * Classifies what the Stripe SDK throws into Concord's taxonomy: 429 -> rate-limited (with
 * Retry-After), 401/403 -> auth (pause the connection), 404 -> not-found, 409 and 5xx and network
 * failures -> retryable, an idempotency key reused with other parameters -> conflict, other 400s ->
 * validation (permanent: dead letter).
 */
export function classifyStripeError(error: unknown): ConcordError {
  if (isConcordError(error)) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    const message =
      error instanceof Error ? sanitizeStripeMessage(error.message) : 'Unknown failure';
    return new RetryableError(RetryableErrorCode.UNEXPECTED, message);
  }
  const status = error.statusCode;
  const message = sanitizeStripeMessage(`Stripe: ${error.message}`);
  const details = {
    stripeCode: error.code ?? null,
    requestId: error.requestId ?? null,
    status: status ?? null,
  };
  if (status === 429 || error.code === 'rate_limit') {
    const retryAfter = parseRetryAfter(error.headers?.['retry-after']) ?? DEFAULT_RETRY_AFTER_MS;
    return new RateLimitedError(RateLimitedErrorCode.UPSTREAM_RATE_LIMITED, message, retryAfter, {
      details,
    });
  }
  if (status === 401) return new AuthError(AuthErrorCode.REVOKED_CREDENTIALS, message, { details });
  if (status === 403) return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, message, { details });
  if (status === 404)
    return new NotFoundError(NotFoundErrorCode.UPSTREAM_NOT_FOUND, message, { details });
  if (error.type === 'StripeIdempotencyError' || error.rawType === 'idempotency_error') {
    return new ConflictError(ConflictErrorCode.IDEMPOTENCY_KEY_REUSED, message, { details });
  }
  if (status === undefined || status === 409 || status >= 500) {
    const code =
      status === undefined ? RetryableErrorCode.NETWORK : RetryableErrorCode.UPSTREAM_UNAVAILABLE;
    return new RetryableError(code, message, { details });
  }
  const field = error.param ?? 'request';
  return new ValidationError(
    ValidationErrorCode.REJECTED_BY_UPSTREAM,
    message,
    [{ field, message }],
    {
      details,
    },
  );
}
