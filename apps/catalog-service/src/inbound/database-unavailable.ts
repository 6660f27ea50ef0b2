import { type ConcordError, RateLimitedError, RetryableErrorCode } from '@concord/errors';
import { concordErrorFromDatabase } from '@concord/observability';

/** How long the applier waits before trying a message again while the database is unavailable. */
export const DATABASE_RETRY_AFTER_MS = 1_000;

/**
 * A failure of the applier's handler because PostgreSQL is stopped, restarting or unreachable is
 * classified as such (`UPSTREAM_UNAVAILABLE`) and retried no sooner than a second, so the
 * attempts outlast a database restart instead of being spent within it (the chaos suite's
 * PostgreSQL restart once dead-lettered an outcome as an unclassified error). Anything else is
 * returned unchanged.
 */
export function withDatabaseUnavailability(error: unknown): unknown {
  const fromDatabase: ConcordError | undefined = concordErrorFromDatabase(error);
  if (fromDatabase?.code !== RetryableErrorCode.UPSTREAM_UNAVAILABLE) return error;
  return new RateLimitedError(
    RetryableErrorCode.UPSTREAM_UNAVAILABLE,
    fromDatabase.message,
    DATABASE_RETRY_AFTER_MS,
    { cause: error },
  );
}
