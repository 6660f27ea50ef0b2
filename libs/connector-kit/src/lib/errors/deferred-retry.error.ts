import { type ConcordError, RateLimitedError } from '@concord/errors';

/**
 * A retryable failure the kit wants retried no sooner than `retryAfterMs`, a delay that grows with
 * the attempt number across retry-topic hops (the consumer runner's own backoff starts again at each
 * hop). It keeps the original code; `original` keeps the original classification for outcomes.
 */
export class DeferredRetryError extends RateLimitedError {
  constructor(
    readonly original: ConcordError,
    retryAfterMs: number,
  ) {
    super(original.code, original.message, retryAfterMs, {
      cause: original,
      details: original.details,
    });
  }
}

/** Delay before attempt `attempt + 1`: 250 ms doubling per attempt, at most 30 s, +-20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 250 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
