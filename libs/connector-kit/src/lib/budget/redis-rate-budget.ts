import { randomUUID } from 'node:crypto';

import type { Redis } from 'ioredis';

import type { AllowanceUsage, RateLimit } from '../definition/connector-definition';
import type { BudgetLane } from '../definition/outbound-adapter';
import {
  acquireWithWaits,
  ALLOWANCE_TTL_MS,
  type BudgetUsage,
  laneReserve,
  LIVE_WAITER_TTL_MS,
  type RateBudget,
} from './rate-budget';
import { COOL_DOWN_LUA, TAKE_TOKEN_LUA, WINDOW_USAGE_LUA } from './token-bucket.lua';

/**
 * The rate budget shared by every replica through Redis: one token bucket per key, taken by a Lua
 * script so the check and the take are one atomic step on one clock. Live calls waiting on any
 * replica are registered beside the bucket and go ahead of the backfill lane.
 */
export class RedisRateBudget implements RateBudget {
  readonly mode = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  acquire(key: string, limit: RateLimit, lane: BudgetLane, maxWaitMs = 10_000): Promise<void> {
    const reserve = laneReserve(limit, lane);
    const waiter = randomUUID();
    const acquired = acquireWithWaits(
      async () => {
        const wait = await this.redis.eval(
          TAKE_TOKEN_LUA,
          3,
          this.bucketKey(key),
          this.windowPrefix(key),
          this.liveWaitersKey(key),
          String(limit.perSecond / 1000),
          String(limit.burst),
          String(reserve),
          lane,
          waiter,
          String(LIVE_WAITER_TTL_MS),
        );
        return { waitMs: Number(wait) };
      },
      key,
      maxWaitMs,
    );
    if (lane !== 'live') return acquired;
    // A live call that gave up stops holding backfill back at once.
    return acquired.catch(async (error: unknown) => {
      await this.redis.zrem(this.liveWaitersKey(key), waiter).catch(() => undefined);
      throw error;
    });
  }

  async coolDown(key: string, ms: number): Promise<void> {
    await this.redis.eval(
      COOL_DOWN_LUA,
      1,
      this.bucketKey(key),
      String(Math.max(0, Math.round(ms))),
    );
  }

  async usage(key: string, limit: RateLimit): Promise<BudgetUsage> {
    const used = await this.redis.eval(WINDOW_USAGE_LUA, 1, this.windowPrefix(key));
    return { used: Number(used), limit: Math.ceil(limit.perSecond), windowMs: 1000 };
  }

  async recordAllowance(key: string, usage: AllowanceUsage): Promise<void> {
    const value = JSON.stringify({ used: usage.used, limit: usage.limit });
    await this.redis.set(this.allowanceKey(key), value, 'PX', ALLOWANCE_TTL_MS);
  }

  async allowance(key: string): Promise<AllowanceUsage | null> {
    const value = await this.redis.get(this.allowanceKey(key));
    if (value === null) return null;
    const parsed = JSON.parse(value) as Partial<AllowanceUsage>;
    return typeof parsed.used === 'number' && typeof parsed.limit === 'number'
      ? { used: parsed.used, limit: parsed.limit }
      : null;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  private bucketKey(key: string): string {
    return `${this.namespace}:budget:${key}`;
  }

  private liveWaitersKey(key: string): string {
    return `${this.namespace}:budget-live:${key}`;
  }

  private allowanceKey(key: string): string {
    return `${this.namespace}:allowance:${key}`;
  }

  private windowPrefix(key: string): string {
    return `${this.namespace}:budget-window:${key}:`;
  }
}
