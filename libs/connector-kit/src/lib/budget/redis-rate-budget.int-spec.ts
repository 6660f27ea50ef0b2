import { randomSuffix, testRedisUrl } from '@concord/testing';
import { Redis } from 'ioredis';

import { RedisRateBudget } from './redis-rate-budget';

const limit = { perSecond: 20, burst: 5, liveReserve: 0.4 };

describe('RedisRateBudget (real Redis)', () => {
  const clients: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(testRedisUrl());
    clients.push(redis);
    return redis;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('never grants more than burst + rate x time across two replicas, yet lets them use it', async () => {
    const namespace = `test-${randomSuffix()}`;
    const replicas = [
      new RedisRateBudget(connect(), namespace),
      new RedisRateBudget(connect(), namespace),
    ];
    const grants: number[] = [];
    const started = Date.now();
    const runFor = 2000;
    await Promise.all(
      replicas.flatMap((budget) =>
        Array.from({ length: 4 }, async () => {
          while (Date.now() - started < runFor) {
            await budget.acquire('stripe:tenant-a', limit, 'live', 10_000);
            grants.push(Date.now());
          }
        }),
      ),
    );
    const elapsed = Math.max(...grants) - started;
    const allowed = limit.burst + (limit.perSecond * elapsed) / 1000;
    expect(grants.length).toBeLessThanOrEqual(Math.floor(allowed) + 1);
    expect(grants.length).toBeGreaterThanOrEqual(Math.floor(allowed * 0.7));
    // No one-second window holds more than a burst plus a second's worth.
    for (const start of grants) {
      const inWindow = grants.filter((t) => t >= start && t < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(limit.burst + limit.perSecond + 1);
    }
  });

  it('shares a cool-down with every replica and keeps tenants apart', async () => {
    const namespace = `test-${randomSuffix()}`;
    const [a, b] = [
      new RedisRateBudget(connect(), namespace),
      new RedisRateBudget(connect(), namespace),
    ];
    await a.coolDown('stripe:t1', 60_000);
    await expect(b.acquire('stripe:t1', limit, 'live', 100)).rejects.toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      category: 'rate-limited',
    });
    await expect(b.acquire('stripe:t2', limit, 'live', 100)).resolves.toBeUndefined();
  });

  it('keeps a reserve for live changes that the backfill lane cannot take', async () => {
    const namespace = `test-${randomSuffix()}`;
    const budget = new RedisRateBudget(connect(), namespace);
    const slow = { perSecond: 0.5, burst: 5, liveReserve: 0.4 };
    let backfill = 0;
    for (let i = 0; i < 5; i += 1) {
      const granted = await budget.acquire('k', slow, 'backfill', 50).then(
        () => true,
        () => false,
      );
      if (granted) backfill += 1;
    }
    expect(backfill).toBe(3);
    await expect(budget.acquire('k', slow, 'live', 50)).resolves.toBeUndefined();
    await expect(budget.acquire('k', slow, 'live', 50)).resolves.toBeUndefined();
    expect((await budget.usage('k', slow)).used).toBeGreaterThanOrEqual(1);
  });

  it('serves live calls of one replica first while another backfills, backfill filling the rest', async () => {
    const namespace = `test-${randomSuffix()}`;
    const [backfiller, live] = [
      new RedisRateBudget(connect(), namespace),
      new RedisRateBudget(connect(), namespace),
    ];
    const xeroLike = { perSecond: 4, burst: 2 };
    const grants: Array<'backfill' | 'live'> = [];
    const started = Date.now();
    let stop = false;
    const backfilling = Array.from({ length: 3 }, async () => {
      while (!stop) {
        await backfiller.acquire('xero:org', xeroLike, 'backfill', 10_000);
        if (!stop) grants.push('backfill');
      }
    });
    // Backfill alone first: it uses the whole budget (no fixed reserve).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const aloneGrants = grants.length;
    const liveWaits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const before = grants.length;
      await live.acquire('xero:org', xeroLike, 'live', 10_000);
      // What backfill got between the live call's arrival and its grant: nothing it needed.
      liveWaits.push(grants.length - before);
      grants.push('live');
    }
    stop = true;
    await Promise.all(backfilling);
    const elapsed = Date.now() - started;
    const allowed = xeroLike.burst + (xeroLike.perSecond * elapsed) / 1000;
    expect(aloneGrants).toBeGreaterThanOrEqual(xeroLike.burst + 1);
    // Each live call took the next token: at most one backfill grant raced ahead of it.
    expect(Math.max(...liveWaits)).toBeLessThanOrEqual(1);
    expect(grants.filter((g) => g === 'live')).toHaveLength(4);
    // Together they used the budget, and never more than it.
    expect(grants.length).toBeLessThanOrEqual(Math.floor(allowed) + 1);
    expect(grants.length).toBeGreaterThanOrEqual(Math.floor(allowed * 0.7));
  });

  it('shares the daily allowance one replica read with the others, the newest read winning', async () => {
    const namespace = `test-${randomSuffix()}`;
    const [one, other] = [
      new RedisRateBudget(connect(), namespace),
      new RedisRateBudget(connect(), namespace),
    ];
    expect(await other.allowance('salesforce:tenant-a')).toBeNull();

    await one.recordAllowance('salesforce:tenant-a', { used: 12_000, limit: 15_000 });
    expect(await other.allowance('salesforce:tenant-a')).toEqual({ used: 12_000, limit: 15_000 });
    await other.recordAllowance('salesforce:tenant-a', { used: 11_500, limit: 15_000 });
    expect(await one.allowance('salesforce:tenant-a')).toEqual({ used: 11_500, limit: 15_000 });
    expect(await one.allowance('salesforce:tenant-b')).toBeNull();
  });
});
