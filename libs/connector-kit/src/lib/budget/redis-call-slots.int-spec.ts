import { randomSuffix, testRedisUrl } from '@concord/testing';
import { Redis } from 'ioredis';

import { RedisCallSlots } from './call-slots';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisCallSlots (real Redis)', () => {
  const clients: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(testRedisUrl());
    clients.push(redis);
    return redis;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('never has more than 5 calls of a tenant in flight across two replicas, yet uses all 5', async () => {
    const namespace = `test-${randomSuffix()}`;
    const replicas = [
      new RedisCallSlots(connect(), namespace),
      new RedisCallSlots(connect(), namespace),
    ];
    let inFlight = 0;
    let most = 0;
    let made = 0;
    const call = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await pause(30);
      inFlight -= 1;
      made += 1;
    };

    // Each replica has 8 callers (its partitions, polls, webhooks), 4 calls each.
    await Promise.all(
      replicas.flatMap((slots) =>
        Array.from({ length: 8 }, async () => {
          for (let i = 0; i < 4; i += 1) await slots.run('xero:tenant-a', 5, call, 10_000);
        }),
      ),
    );

    expect(made).toBe(64);
    expect(most).toBe(5);
  });

  it('keeps tenants apart, frees a slot when the call fails, and refuses after the wait', async () => {
    const namespace = `test-${randomSuffix()}`;
    const [a, b] = [
      new RedisCallSlots(connect(), namespace),
      new RedisCallSlots(connect(), namespace),
    ];
    await expect(
      a.run('xero:t1', 1, () => Promise.reject(new Error('provider down')), 1000),
    ).rejects.toThrow('provider down');
    let release = (): void => undefined;
    const holding = a.run('xero:t1', 1, () => new Promise<void>((r) => (release = r)), 1000);
    await pause(20);

    await expect(b.run('xero:t1', 1, async () => 'late', 100)).rejects.toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      category: 'rate-limited',
    });
    await expect(b.run('xero:t2', 1, async () => 'other tenant', 100)).resolves.toBe(
      'other tenant',
    );
    release();
    await holding;
    await expect(b.run('xero:t1', 1, async () => 'next', 1000)).resolves.toBe('next');
  });
});
