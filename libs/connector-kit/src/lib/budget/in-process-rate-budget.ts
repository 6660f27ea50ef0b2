import type { AllowanceUsage, RateLimit } from '../definition/connector-definition';
import type { BudgetLane } from '../definition/outbound-adapter';
import {
  acquireWithWaits,
  ALLOWANCE_TTL_MS,
  type BucketTake,
  type BudgetUsage,
  laneReserve,
  LIVE_WAITER_TTL_MS,
  type RateBudget,
} from './rate-budget';

interface Bucket {
  tokens: number;
  at: number;
  blockedUntil: number;
  window: number;
  windowCount: number;
}

/**
 * A token bucket per key in this process: right for a single replica only (logged at start).
 * Live calls go first: each one waiting holds a token back from the backfill lane.
 */
export class InProcessRateBudget implements RateBudget {
  readonly mode = 'in-process' as const;
  private readonly buckets = new Map<string, Bucket>();
  /** Live calls waiting for a token, per key: waiter id → when its registration lapses. */
  private readonly liveWaiters = new Map<string, Map<string, number>>();
  private nextWaiter = 0;
  private readonly allowances = new Map<string, { usage: AllowanceUsage; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  acquire(key: string, limit: RateLimit, lane: BudgetLane, maxWaitMs = 10_000): Promise<void> {
    const waiter = `w${(this.nextWaiter += 1)}`;
    return acquireWithWaits(
      async () => this.take(key, limit, lane, waiter),
      key,
      maxWaitMs,
      this.now,
    ).finally(() => this.liveWaiters.get(key)?.delete(waiter));
  }

  /**
   * One attempt at the bucket (exposed for tests of the arithmetic). A live `waiter` that gets no
   * token is registered as waiting; the backfill lane needs a token more per live call waiting.
   */
  take(key: string, limit: RateLimit, lane: BudgetLane, waiter = 'anonymous'): BucketTake {
    const now = this.now();
    const bucket = this.refilled(key, limit, now);
    const waiting = this.waitingLive(key, now);
    const need = lane === 'backfill' ? 1 + laneReserve(limit, lane) + waiting.size : 1;
    let waitMs = 0;
    if (bucket.blockedUntil > now) waitMs = bucket.blockedUntil - now;
    else if (bucket.tokens < need)
      waitMs = Math.ceil(((need - bucket.tokens) / limit.perSecond) * 1000);
    if (lane === 'live') {
      if (waitMs > 0) waiting.set(waiter, now + waitMs + LIVE_WAITER_TTL_MS);
      else waiting.delete(waiter);
    }
    if (waitMs > 0) return { waitMs };
    bucket.tokens -= 1;
    const window = Math.floor(now / 1000);
    bucket.windowCount = bucket.window === window ? bucket.windowCount + 1 : 1;
    bucket.window = window;
    return { waitMs: 0 };
  }

  /** The live calls of `key` waiting for a token now (lapsed registrations dropped). */
  private waitingLive(key: string, now: number): Map<string, number> {
    const waiting = this.liveWaiters.get(key) ?? new Map<string, number>();
    this.liveWaiters.set(key, waiting);
    for (const [waiter, lapses] of waiting) if (lapses <= now) waiting.delete(waiter);
    return waiting;
  }

  async coolDown(key: string, ms: number): Promise<void> {
    const bucket = this.buckets.get(key);
    const until = this.now() + ms;
    if (bucket) bucket.blockedUntil = Math.max(bucket.blockedUntil, until);
    else
      this.buckets.set(key, {
        tokens: 0,
        at: this.now(),
        blockedUntil: until,
        window: 0,
        windowCount: 0,
      });
  }

  async usage(key: string, limit: RateLimit): Promise<BudgetUsage> {
    const bucket = this.buckets.get(key);
    const window = Math.floor(this.now() / 1000);
    const used = bucket && bucket.window === window ? bucket.windowCount : 0;
    return { used, limit: Math.ceil(limit.perSecond), windowMs: 1000 };
  }

  async recordAllowance(key: string, usage: AllowanceUsage): Promise<void> {
    this.allowances.set(key, { usage: { used: usage.used, limit: usage.limit }, at: this.now() });
  }

  async allowance(key: string): Promise<AllowanceUsage | null> {
    const kept = this.allowances.get(key);
    return kept && this.now() - kept.at < ALLOWANCE_TTL_MS ? kept.usage : null;
  }

  async close(): Promise<void> {
    this.buckets.clear();
    this.liveWaiters.clear();
  }

  private refilled(key: string, limit: RateLimit, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, at: now, blockedUntil: 0, window: 0, windowCount: 0 };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (elapsed / 1000) * limit.perSecond);
    bucket.at = Math.max(bucket.at, now);
    return bucket;
  }
}
