import { ConcordError, isConcordError, RetryableError, RetryableErrorCode } from '@concord/errors';

/**
 * Classifies what a handler threw. A ConcordError is kept as it is; anything else is an
 * unclassified failure, retryable (so a transient fault loses nothing), whose own text is NOT
 * carried into logs or dead-letter headers: a library's message may quote a URL, a token or a
 * payload. Handlers that want their reason shown throw a ConcordError.
 */
export function classifyHandlerError(thrown: unknown): ConcordError {
  if (isConcordError(thrown)) return thrown;
  const kind = thrown instanceof Error ? thrown.name : typeof thrown;
  return new RetryableError(
    RetryableErrorCode.UNEXPECTED,
    `Unclassified ${kind} thrown by the handler`,
    { cause: thrown },
  );
}
