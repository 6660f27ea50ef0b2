import { ConsumerDecision } from '@concord/errors';

import { backoffDelay } from './backoff';

export interface RetryPolicy {
  /** Attempts in all (in place and through the retry topic) before a message is dead-lettered. */
  maxAttempts: number;
  initialDelayMs: number;
  /** No single wait in place is longer than this; longer waits pause the partition instead. */
  maxDelayMs: number;
  /** Attempts made in place, holding the partition, before the retry topic (if any) takes over. */
  inPlaceAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  maxDelayMs: 5000,
  inPlaceAttempts: 3,
};

/** What the runner does with a message whose handler just failed. */
export type FailureAction =
  | { action: 'dead-letter' }
  /** Wait (heartbeating) and call the handler again, holding the partition. */
  | { action: 'retry-in-place'; delayMs: number }
  /** Publish to the retry topic, due in `delayMs`, and commit, so the partition moves on. */
  | { action: 'retry-topic'; delayMs: number }
  /** No retry topic and a wait longer than maxDelayMs: pause the partition, redeliver when due. */
  | { action: 'defer'; delayMs: number };

export interface FailureContext {
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  /** How many attempts this delivery has made in place, including the one that just failed. */
  inPlaceAttempt: number;
  policy: RetryPolicy;
  hasRetryTopic: boolean;
  random?: () => number;
}

/**
 * Turns the error taxonomy's decision into a transport action. Permanent and auth failures are
 * dead-lettered at once (the runner calls `onAuthFailure` first); retryable ones back off with
 * full jitter, a rate limit waits exactly its `retryAfterMs`, and no message ever holds its
 * partition for longer than `maxDelayMs` at a time.
 */
export function decideOnFailure(
  decision: ConsumerDecision,
  context: FailureContext,
): FailureAction {
  const { attempt, inPlaceAttempt, policy, hasRetryTopic, random } = context;
  if (decision.action !== 'retry' || attempt >= policy.maxAttempts)
    return { action: 'dead-letter' };
  const delayMs = decision.delayMs ?? backoffDelay(attempt, policy, random);
  const tooLongToHold = delayMs > policy.maxDelayMs;
  if (hasRetryTopic && (tooLongToHold || inPlaceAttempt >= policy.inPlaceAttempts))
    return { action: 'retry-topic', delayMs };
  if (tooLongToHold) return { action: 'defer', delayMs };
  return { action: 'retry-in-place', delayMs };
}
