/**
 * Mutual exclusion by key across replicas (Redis elsewhere; {@link InProcessLock} for one
 * process). `ttlMs` bounds how long a crashed holder can block others: after it the lock may be
 * granted again even if `fn` is still running.
 */
export interface DistributedLock {
  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;
}

/** A DistributedLock for a single process: a queue per key, released on settle or after ttlMs. */
export class InProcessLock implements DistributedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    const expiry = setTimeout(release, ttlMs);
    expiry.unref();
    try {
      return await fn();
    } finally {
      clearTimeout(expiry);
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
