export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** The exponential ceiling: `min(max, initial * 2^(attempt-1))` for attempt 1, 2, 3… */
export function exponentialDelay(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(max, initial * 2^(attempt-1))].
 * Full jitter spreads retries of many consumers hitting the same failing dependency.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  return Math.round(random() * exponentialDelay(attempt, policy));
}
