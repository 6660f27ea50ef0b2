import { randomUUID } from 'node:crypto';

import { RateLimitedError, RateLimitedErrorCode } from '@concord/errors';
import type { Redis } from 'ioredis';

/**
 * How many provider calls of one budget key may be in flight at once, shared by every replica
 * (Xero: 5 per organisation). `run` holds a slot for the call's duration.
 */
export interface CallSlots {
  /** Runs `call` in one of `limit` slots, waiting for one at most `maxWaitMs` (then 429-like). */
  run<T>(key: string, limit: number, call: () => Promise<T>, maxWaitMs: number): Promise<T>;
}

/** How often a caller waiting for a slot tries again (plus a little jitter). */
const POLL_MS = 25;
/** A slot left by a replica that died mid-call is free again after this long. */
export const SLOT_LEASE_MS = 60_000;

/**
 * One atomic try on Redis's clock: forget slots whose lease ran out, then take one if fewer than
 * the limit are held. KEYS[1] the slot set (member = holder, score = lease end); ARGV limit,
 * holder, lease ms. Returns 1 when taken, 0 when all are held.
 */
const TAKE_SLOT_LUA = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

function slotsExhausted(key: string, limit: number, waitedMs: number): RateLimitedError {
  return new RateLimitedError(
    RateLimitedErrorCode.BUDGET_EXHAUSTED,
    `All ${limit} concurrent call slots of ${key} stayed busy for ${waitedMs} ms`,
    POLL_MS * 4,
  );
}

const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms + Math.floor(Math.random() * 10)));

/** Slots shared by every replica: a sorted set per key, taken by a Lua script, leased. */
export class RedisCallSlots implements CallSlots {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async run<T>(key: string, limit: number, call: () => Promise<T>, maxWaitMs: number): Promise<T> {
    const slots = `${this.namespace}:slots:${key}`;
    const holder = randomUUID();
    const started = Date.now();
    for (;;) {
      const taken = await this.redis.eval(
        TAKE_SLOT_LUA,
        1,
        slots,
        String(limit),
        holder,
        String(SLOT_LEASE_MS),
      );
      if (Number(taken) === 1) break;
      const waited = Date.now() - started;
      if (waited + POLL_MS > maxWaitMs) throw slotsExhausted(key, limit, waited);
      await pause(POLL_MS);
    }
    try {
      return await call();
    } finally {
      await this.redis.zrem(slots, holder).catch(() => undefined);
    }
  }
}

/** Slots of one replica (no Redis): a count per key and the callers waiting, first come first. */
export class InProcessCallSlots implements CallSlots {
  private readonly held = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  async run<T>(key: string, limit: number, call: () => Promise<T>, maxWaitMs: number): Promise<T> {
    if ((this.held.get(key) ?? 0) >= limit) await this.waitForSlot(key, limit, maxWaitMs);
    else this.held.set(key, (this.held.get(key) ?? 0) + 1);
    try {
      return await call();
    } finally {
      this.release(key);
    }
  }

  /** Resolves once a finished call hands its slot over (the count stays as it is). */
  private waitForSlot(key: string, limit: number, maxWaitMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      this.waiting.set(key, queue);
      const granted = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(granted), 1);
        reject(slotsExhausted(key, limit, maxWaitMs));
      }, maxWaitMs);
      queue.push(granted);
    });
  }

  private release(key: string): void {
    const next = this.waiting.get(key)?.shift();
    if (next) return next();
    const left = (this.held.get(key) ?? 1) - 1;
    if (left > 0) this.held.set(key, left);
    else this.held.delete(key);
  }
}
