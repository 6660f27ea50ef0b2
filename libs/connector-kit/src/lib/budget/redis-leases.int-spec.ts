import { randomSuffix, testRedisUrl } from '@concord/testing';
import { Redis } from 'ioredis';

import { RedisLeases } from './lease';

describe('RedisLeases (real Redis)', () => {
  const clients: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(testRedisUrl());
    clients.push(redis);
    return redis;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('keeps a renewed lease with its holder, and hands it over once it runs out', async () => {
    const namespace = `test-${randomSuffix()}`;
    const [holder, other] = [
      new RedisLeases(connect(), namespace),
      new RedisLeases(connect(), namespace),
    ];
    expect(await holder.tryAcquire('subscription', 300)).toBe(true);
    expect(await other.tryAcquire('subscription', 300)).toBe(false);
    expect(await other.renew('subscription', 300)).toBe(false);

    // Renewed past its first expiry, the lease is still the holder's.
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await holder.renew('subscription', 300)).toBe(true);
    }
    expect(await other.tryAcquire('subscription', 300)).toBe(false);

    // The holder stops renewing (it died): the lease runs out and the other takes it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await holder.renew('subscription', 300)).toBe(false);
    expect(await other.tryAcquire('subscription', 300)).toBe(true);
    await other.release('subscription');
    expect(await holder.tryAcquire('subscription', 300)).toBe(true);
  });
});
