import { AuthError } from './auth.error';
import { ConcordError } from './concord-error';
import { RateLimitedError } from './rate-limited.error';
import { RetryableError, RetryableErrorCode } from './retryable.error';

/** What a message consumer does with a failed message. */
export type ConsumerDecision =
  | { action: 'retry'; delayMs?: number }
  | { action: 'dead-letter' }
  | { action: 'pause-connection' };

/**
 * The consumer policy reads the error class, never its text: retryable and rate-limited errors
 * are tried again (a rate limit no sooner than it says), auth errors pause the connection until an
 * operator fixes the credentials, and everything permanent goes to the dead-letter topic.
 */
export function consumerDecision(error: unknown): ConsumerDecision {
  const classified = classifyError(error);
  if (classified instanceof RateLimitedError)
    return { action: 'retry', delayMs: classified.retryAfterMs };
  if (classified instanceof AuthError) return { action: 'pause-connection' };
  if (classified.retryable) return { action: 'retry' };
  return { action: 'dead-letter' };
}

/**
 * Turns anything thrown into a ConcordError. A value that is not one is a bug or an unclassified
 * infrastructure failure; it is treated as retryable so a transient fault loses nothing, and the
 * consumer's attempt limit sends it to the dead-letter topic if it keeps failing. Its own text is
 * kept only as the `cause`, not in the message, because the message travels into logs, outcome
 * events and dead letters, and a library's message may quote a URL, a token or a payload.
 */
export function classifyError(error: unknown): ConcordError {
  if (error instanceof ConcordError) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new RetryableError(RetryableErrorCode.UNEXPECTED, `Unclassified ${kind}`, {
    cause: error,
  });
}
