import type { AllowanceUsage, RateLimit } from '../definition/connector-definition';
import type { BudgetLane } from '../definition/outbound-adapter';
import {
  acquireWithWaits,
  ALLOWANCE_TTL_MS,
  type BucketTake,
  type BudgetUsage,
  laneReserve,
  type RateBudget,
} from './rate-budget';

interface Bucket {
  tokens: number;
  at: number;
  blockedUntil: number;
  window: number;
  windowCount: number;
}

/** A token bucket per key in this process: right for a single replica only (logged at start). */
export class InProcessRateBudget implements RateBudget {
  readonly mode = 'in-process' as const;
  private readonly buckets = new Map<string, Bucket>();
  private readonly allowances = new Map<string, { usage: AllowanceUsage; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  acquire(key: string, limit: RateLimit, lane: BudgetLane, maxWaitMs = 10_000): Promise<void> {
    return acquireWithWaits(
      async () => this.take(key, limit, laneReserve(limit, lane)),
      key,
      maxWaitMs,
      this.now,
    );
  }

  /** One attempt at the bucket (exposed for tests of the arithmetic). */
  take(key: string, limit: RateLimit, reserve: number): BucketTake {
    const now = this.now();
    const bucket = this.refilled(key, limit, now);
    if (bucket.blockedUntil > now) return { waitMs: bucket.blockedUntil - now };
    if (bucket.tokens >= 1 + reserve) {
      bucket.tokens -= 1;
      const window = Math.floor(now / 1000);
      bucket.windowCount = bucket.window === window ? bucket.windowCount + 1 : 1;
      bucket.window = window;
      return { waitMs: 0 };
    }
    return { waitMs: Math.ceil(((1 + reserve - bucket.tokens) / limit.perSecond) * 1000) };
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
