import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import { RedisRateLimitStore } from './redis-rate-limit-store';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';

describe('RedisRateLimitStore against the real Redis', () => {
  const clients: Redis[] = [];
  const replica = (namespace: string): RedisRateLimitStore => {
    const client = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
    clients.push(client);
    return new RedisRateLimitStore(client, namespace);
  };

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
  });

  it('shares one budget between replicas: the second replica sees what the first used', async () => {
    const namespace = `test-${randomUUID()}`;
    const [one, two] = [replica(namespace), replica(namespace)];
    const rule = { limit: 10, windowMs: 60_000 };
    const decisions = [];
    for (let i = 0; i < 6; i += 1) decisions.push(await one.hit('key', rule));
    for (let i = 0; i < 5; i += 1) decisions.push(await two.hit('key', rule));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    const refused = decisions[10];
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(5_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(6_000);
    expect((await two.peek('other-key', rule)).remaining).toBe(9);
  });

  it('keeps namespaces apart and lets the key expire once its bucket is full again', async () => {
    const rule = { limit: 2, windowMs: 200 };
    const a = replica(`test-${randomUUID()}`);
    const b = replica(`test-${randomUUID()}`);
    await a.hit('k', rule);
    await a.hit('k', rule);
    expect((await a.hit('k', rule)).allowed).toBe(false);
    expect((await b.hit('k', rule)).allowed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await a.hit('k', rule)).allowed).toBe(true);
  });
});
