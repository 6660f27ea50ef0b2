import { RateLimitedError, RateLimitedErrorCode } from '@concord/errors';

import type { AllowanceUsage, RateLimit } from '../definition/connector-definition';
import type { BudgetLane } from '../definition/outbound-adapter';

/** Budget use in the current window, as reported on the status topic. */
export interface BudgetUsage {
  /** Tokens granted in the window. */
  used: number;
  /** Tokens a window may grant at the sustained rate. */
  limit: number;
  /** Length of the window. */
  windowMs: number;
}

/** One try at the bucket: 0 when granted, else how long to wait before trying again. */
export interface BucketTake {
  /** 0 when a token was taken; otherwise how long until one may be. */
  waitMs: number;
}

/**
 * The rate budget of one tenant in one system, shared by every replica of the connector. Callers
 * `acquire` before each provider request; a provider 429 calls `coolDown` so every replica stops.
 */
export interface RateBudget {
  /** `redis` when shared through Redis; `in-process` for a single replica. */
  readonly mode: 'redis' | 'in-process';
  /** Waits for a token; throws RateLimitedError(BUDGET_EXHAUSTED) when that would exceed `maxWaitMs`. */
  acquire(key: string, limit: RateLimit, lane: BudgetLane, maxWaitMs?: number): Promise<void>;
  /** Grants nothing under `key` for `ms` (the provider said to slow down). */
  coolDown(key: string, ms: number): Promise<void>;
  /** Tokens granted under `key` in the current one-second window. */
  usage(key: string, limit: RateLimit): Promise<BudgetUsage>;
  /** Keeps the provider's daily allocation as a replica read it last (the newest read wins). */
  recordAllowance(key: string, usage: AllowanceUsage): Promise<void>;
  /** The daily allocation any replica read last under `key` (within a day), or null. */
  allowance(key: string): Promise<AllowanceUsage | null>;
  /** Releases the connection it holds (Redis). */
  close(): Promise<void>;
}

/** A daily allocation read more than a day ago says nothing about the rolling day now. */
export const ALLOWANCE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Tokens the backfill lane must leave in the bucket beyond what waiting live calls need: the
 * optional fixed `liveReserve` share of the burst (0 when absent: backfill may use the whole
 * budget while no live call waits, see `LIVE_WAITER_TTL_MS`).
 */
export function laneReserve(limit: RateLimit, lane: BudgetLane): number {
  return lane === 'backfill' ? limit.burst * Math.min(0.9, Math.max(0, limit.liveReserve ?? 0)) : 0;
}

/**
 * Live calls go ahead of backfill: a live call that finds no token registers itself as waiting
 * (shared by every replica) and each waiting live call holds back one token from the backfill
 * lane, so the next tokens go to live calls and backfill fills whatever budget they leave idle.
 * A registration lasts the live call's announced wait plus this margin, so one that gave up or
 * died stops holding backfill back soon after.
 */
export const LIVE_WAITER_TTL_MS = 2_000;

/** The acquire loop both implementations share: take, or sleep as told and try again. */
export async function acquireWithWaits(
  take: () => Promise<BucketTake>,
  key: string,
  maxWaitMs: number,
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  const deadline = now() + maxWaitMs;
  for (;;) {
    const { waitMs } = await take();
    if (waitMs <= 0) return;
    if (now() + waitMs > deadline) {
      throw new RateLimitedError(
        RateLimitedErrorCode.BUDGET_EXHAUSTED,
        `Rate budget ${key} exhausted; next token in ${waitMs} ms`,
        waitMs,
      );
    }
    // A little jitter so replicas woken together do not all race for the same token.
    await sleep(Math.min(waitMs, 1000) + Math.floor(Math.random() * 5));
  }
}
