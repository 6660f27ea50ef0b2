import { randomUUID } from 'node:crypto';

import type { Redis } from 'ioredis';

/** Leases make periodic work (polls, reconciliations, status) run on one replica at a time. */
export interface LeaseManager {
  /** True when this replica now holds `key` for `ttlMs` (or already held it). */
  tryAcquire(key: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease this replica holds by `ttlMs`; false when it is no longer held here. */
  renew(key: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up early (work done); only the holder's release counts. */
  release(key: string): Promise<void>;
}

/** Leases within one process (a single replica). */
export class InProcessLeases implements LeaseManager {
  private readonly held = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    const until = this.held.get(key);
    if (until !== undefined && until > this.now()) return false;
    this.held.set(key, this.now() + ttlMs);
    return true;
  }

  async renew(key: string, ttlMs: number): Promise<boolean> {
    const until = this.held.get(key);
    if (until === undefined || until <= this.now()) return false;
    this.held.set(key, this.now() + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.held.delete(key);
  }
}

const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Leases shared by every replica through Redis (SET NX PX, released only by the holder). */
export class RedisLeases implements LeaseManager {
  private readonly holder = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    const leaseKey = this.leaseKey(key);
    if ((await this.redis.set(leaseKey, this.holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return (await this.redis.get(leaseKey)) === this.holder;
  }

  async renew(key: string, ttlMs: number): Promise<boolean> {
    const renewed = await this.redis.eval(RENEW_LUA, 1, this.leaseKey(key), this.holder, ttlMs);
    return renewed === 1;
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE_LUA, 1, this.leaseKey(key), this.holder).catch(() => undefined);
  }

  private leaseKey(key: string): string {
    return `${this.namespace}:lease:${key}`;
  }
}
