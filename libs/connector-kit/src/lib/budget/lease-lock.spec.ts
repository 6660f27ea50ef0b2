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
  it('lets the next holder in after one lease when the holder dies, not after its whole ttl', async () => {
    const leases = new InProcessLeases();
    let killed = false;
    // The dying holder's replica: once killed, it renews nothing (its work never ends either).
    const dying = new LeaseLock(
      {
        tryAcquire: (key, ttlMs) => leases.tryAcquire(key, ttlMs),
        renew: (key, ttlMs) => (killed ? Promise.resolve(false) : leases.renew(key, ttlMs)),
        release: (key) => leases.release(key),
      },
      5,
      60,
    );
    let holding: () => void = () => undefined;
    const entered = new Promise<void>((resolve) => (holding = resolve));
    void dying.withLock('k', 30_000, () => {
      holding();
      return new Promise<never>(() => undefined);
    });
    await entered;
    killed = true;

    // Without the short lease this would wait the dead holder's 30 s (past the test's timeout).
    const next = new LeaseLock(leases, 5, 60);
    await expect(next.withLock('k', 30_000, async () => 'ran')).resolves.toBe('ran');
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
