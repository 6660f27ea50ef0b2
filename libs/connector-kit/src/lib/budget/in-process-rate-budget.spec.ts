import { RateLimitedError } from '@concord/errors';

import { InProcessRateBudget } from './in-process-rate-budget';
import { acquireWithWaits, laneReserve } from './rate-budget';

const limit = { perSecond: 10, burst: 4, liveReserve: 0.5 };

describe('InProcessRateBudget', () => {
  it('grants a burst, then one token per 1/rate seconds', () => {
    let now = 0;
    const budget = new InProcessRateBudget(() => now);
    const grants = Array.from({ length: 6 }, () => budget.take('stripe:t1', limit, 0).waitMs);
    expect(grants).toEqual([0, 0, 0, 0, 100, 100]);
    now = 100;
    expect(budget.take('stripe:t1', limit, 0).waitMs).toBe(0);
    expect(budget.take('stripe:t1', limit, 0).waitMs).toBe(100);
  });

  it('keeps tenants apart', () => {
    const budget = new InProcessRateBudget(() => 0);
    for (let i = 0; i < 4; i += 1) budget.take('stripe:t1', limit, 0);
    expect(budget.take('stripe:t1', limit, 0).waitMs).toBeGreaterThan(0);
    expect(budget.take('stripe:t2', limit, 0).waitMs).toBe(0);
  });

  it('lets the backfill lane use only what live changes leave above their reserve', () => {
    const budget = new InProcessRateBudget(() => 0);
    const reserve = laneReserve(limit, 'backfill');
    expect(reserve).toBe(2);
    expect(budget.take('k', limit, reserve).waitMs).toBe(0);
    expect(budget.take('k', limit, reserve).waitMs).toBe(0);
    expect(budget.take('k', limit, reserve).waitMs).toBeGreaterThan(0);
    expect(budget.take('k', limit, laneReserve(limit, 'live')).waitMs).toBe(0);
  });

  it('stops granting during a cool-down a provider asked for', async () => {
    let now = 0;
    const budget = new InProcessRateBudget(() => now);
    await budget.coolDown('k', 2000);
    expect(budget.take('k', limit, 0).waitMs).toBe(2000);
    now = 2000;
    expect(budget.take('k', limit, 0).waitMs).toBe(0);
  });

  it('reports the tokens granted in the current second', async () => {
    const budget = new InProcessRateBudget(() => 5_500);
    budget.take('k', limit, 0);
    budget.take('k', limit, 0);
    expect(await budget.usage('k', limit)).toEqual({ used: 2, limit: 10, windowMs: 1000 });
  });
});

describe('acquireWithWaits', () => {
  it('sleeps as told until granted', async () => {
    const waits = [300, 100, 0];
    const slept: number[] = [];
    let now = 0;
    await acquireWithWaits(
      async () => ({ waitMs: waits.shift() ?? 0 }),
      'k',
      10_000,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    expect(slept.map((ms) => Math.floor(ms / 10) * 10)).toEqual([300, 100]);
  });

  it('gives up with a rate-limited error when the wait would exceed the limit', async () => {
    await expect(
      acquireWithWaits(
        async () => ({ waitMs: 5000 }),
        'k',
        1000,
        () => 0,
      ),
    ).rejects.toBeInstanceOf(RateLimitedError);
  });
});
