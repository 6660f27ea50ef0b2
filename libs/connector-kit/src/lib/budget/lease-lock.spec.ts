import { InProcessLeases } from './lease';
import { LeaseLock } from './lease-lock';

describe('LeaseLock', () => {
  it('runs one holder per key at a time, across two locks sharing the leases', async () => {
    const leases = new InProcessLeases();
    const [first, second] = [new LeaseLock(leases, 1), new LeaseLock(leases, 1)];
    let inside = 0;
    let most = 0;
    const work = async (): Promise<void> => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inside -= 1;
    };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? first : second).withLock('conn-1', 5000, work),
      ),
    );
    expect(most).toBe(1);
  });

  it('does not make different keys wait for each other', async () => {
    const lock = new LeaseLock(new InProcessLeases(), 1);
    const order: string[] = [];
    let releaseA: () => void = () => undefined;
    const a = lock.withLock('a', 5000, async () => {
      await new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      order.push('a');
    });
    await lock.withLock('b', 5000, async () => {
      order.push('b');
    });
    releaseA();
    await a;
    expect(order).toEqual(['b', 'a']);
  });

  it('releases the key when the work fails', async () => {
    const lock = new LeaseLock(new InProcessLeases(), 1);
    await expect(
      lock.withLock('k', 5000, async () => {
        throw new Error('refresh failed');
      }),
    ).rejects.toThrow('refresh failed');
    await expect(lock.withLock('k', 5000, async () => 'next')).resolves.toBe('next');
  });
  it('leaves a holder that dies holding the key for one lease, not for its whole ttl', async () => {
    const leases = new InProcessLeases();
    const taken: number[] = [];
    const recording = {
      tryAcquire: (key: string, ttlMs: number) => {
        taken.push(ttlMs);
        return leases.tryAcquire(key, ttlMs);
      },
      renew: (key: string, ttlMs: number) => leases.renew(key, ttlMs),
      release: (key: string) => leases.release(key),
    };
    await new LeaseLock(recording, 5, 60).withLock('k', 30_000, async () => undefined);
    // What a killed replica leaves in Redis expires after 60 ms here (5 s by default).
    expect(taken).toEqual([60]);
  });

  it('keeps the key for a live holder whose work outlasts the lease, by renewing it', async () => {
    const leases = new InProcessLeases();
    const [holder, other] = [new LeaseLock(leases, 5, 40), new LeaseLock(leases, 5, 40)];
    const order: string[] = [];
    const slow = holder.withLock('k', 30_000, async () => {
      order.push('slow in');
      await new Promise((resolve) => setTimeout(resolve, 200));
      order.push('slow out');
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await other.withLock('k', 30_000, async () => {
      order.push('other');
    });
    await slow;
    expect(order).toEqual(['slow in', 'slow out', 'other']);
  });
});
