import { type DistributedLock, InProcessLock } from '@concord/auth';

import type { LeaseManager } from './lease';

/**
 * How long a lock's lease lasts between its holder's renewals: a holder that died (a killed
 * replica) blocks the others for at most this long, not for the whole `ttlMs`.
 */
export const LOCK_LEASE_MS = 5_000;

/**
 * The DistributedLock of connectors (record locks, OAuth token refreshes): callers in one process
 * queue behind each other ({@link InProcessLock}), and the one at the head waits for the key's
 * lease, which with {@link RedisLeases} is shared by every replica. The holder renews the lease
 * while its work runs, up to `ttlMs` in all; so a live holder keeps the key as long as `ttlMs`
 * allows, and a crashed one blocks the others for at most the lease (`leaseMs`).
 */
export class LeaseLock implements DistributedLock {
  private readonly local = new InProcessLock();

  constructor(
    private readonly leases: LeaseManager,
    private readonly pollMs = 25,
    private readonly leaseMs = LOCK_LEASE_MS,
  ) {}

  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    const lockKey = `lock:${key}`;
    const leaseMs = Math.min(ttlMs, this.leaseMs);
    return this.local.withLock(key, ttlMs, async () => {
      while (!(await this.leases.tryAcquire(lockKey, leaseMs))) {
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
      const renewal = this.renewWhileHeld(lockKey, leaseMs, Date.now() + ttlMs);
      try {
        return await fn();
      } finally {
        clearInterval(renewal);
        await this.leases.release(lockKey);
      }
    });
  }

  /** Renews the lease every third of it, never past `until` (the holder's whole `ttlMs`). */
  private renewWhileHeld(lockKey: string, leaseMs: number, until: number): NodeJS.Timeout {
    const renewal = setInterval(
      () => {
        const left = until - Date.now();
        if (left <= 0) {
          clearInterval(renewal);
          return;
        }
        void this.leases.renew(lockKey, Math.min(leaseMs, left)).catch(() => undefined);
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    return renewal;
  }
}
