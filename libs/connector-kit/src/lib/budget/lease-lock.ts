import { type DistributedLock, InProcessLock } from '@concord/auth';

import type { LeaseManager } from './lease';

/**
 * The DistributedLock connectors hand to the OAuth token manager: callers in one process queue
 * behind each other ({@link InProcessLock}), and the one at the head waits for the key's lease,
 * which with {@link RedisLeases} is shared by every replica. So one refresh per connection runs at
 * a time across the whole deployment; a crashed holder blocks the others for at most `ttlMs`.
 */
export class LeaseLock implements DistributedLock {
  private readonly local = new InProcessLock();

  constructor(
    private readonly leases: LeaseManager,
    private readonly pollMs = 25,
  ) {}

  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    const lockKey = `lock:${key}`;
    return this.local.withLock(key, ttlMs, async () => {
      while (!(await this.leases.tryAcquire(lockKey, ttlMs))) {
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
      try {
        return await fn();
      } finally {
        await this.leases.release(lockKey);
      }
    });
  }
}
