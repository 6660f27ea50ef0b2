import { RateLimitedError } from '@concord/errors';

import { InProcessRateBudget } from './in-process-rate-budget';
import { acquireWithWaits, laneReserve, LIVE_WAITER_TTL_MS } from './rate-budget';

const limit = { perSecond: 10, burst: 4, liveReserve: 0.5 };
/** Xero's way: no fixed reserve, live calls first. */
const priority = { perSecond: 10, burst: 4 };

describe('InProcessRateBudget', () => {
  it('grants a burst, then one token per 1/rate seconds', () => {
    let now = 0;
    const budget = new InProcessRateBudget(() => now);
    const grants = Array.from({ length: 6 }, () => budget.take('stripe:t1', limit, 'live').waitMs);
    expect(grants).toEqual([0, 0, 0, 0, 100, 100]);
    now = 100;
    expect(budget.take('stripe:t1', limit, 'live').waitMs).toBe(0);
    expect(budget.take('stripe:t1', limit, 'live').waitMs).toBe(100);
  });

  it('keeps tenants apart', () => {
    const budget = new InProcessRateBudget(() => 0);
    for (let i = 0; i < 4; i += 1) budget.take('stripe:t1', limit, 'live');
    expect(budget.take('stripe:t1', limit, 'live').waitMs).toBeGreaterThan(0);
    expect(budget.take('stripe:t2', limit, 'live').waitMs).toBe(0);
  });

  it('lets the backfill lane use only what live changes leave above a fixed reserve', () => {
    const budget = new InProcessRateBudget(() => 0);
    expect(laneReserve(limit, 'backfill')).toBe(2);
    expect(laneReserve(limit, 'live')).toBe(0);
    expect(budget.take('k', limit, 'backfill').waitMs).toBe(0);
    expect(budget.take('k', limit, 'backfill').waitMs).toBe(0);
    expect(budget.take('k', limit, 'backfill').waitMs).toBeGreaterThan(0);
    expect(budget.take('k', limit, 'live').waitMs).toBe(0);
  });

  it('without a reserve, lets backfill use the whole budget while no live call waits', () => {
    let now = 0;
    const budget = new InProcessRateBudget(() => now);
    const grants: number[] = [];
    for (now = 0; now < 2000; now += 10) {
      if (budget.take('k', priority, 'backfill').waitMs === 0) grants.push(now);
    }
    // The burst, then every token refilled: all of it went to backfill.
    expect(grants).toHaveLength(4 + 19);
  });

  it('serves a waiting live call before backfill, then lets backfill fill the idle budget', () => {
    let now = 0;
    const budget = new InProcessRateBudget(() => now);
    for (let i = 0; i < 4; i += 1) expect(budget.take('k', priority, 'backfill').waitMs).toBe(0);
    // The bucket is empty: a live call arrives and waits for the next token.
    expect(budget.take('k', priority, 'live', 'live-1').waitMs).toBe(100);
    now = 100;
    // Backfill polls first when the token is back, yet leaves it for the live call.
    expect(budget.take('k', priority, 'backfill').waitMs).toBeGreaterThan(0);
    expect(budget.take('k', priority, 'live', 'live-1').waitMs).toBe(0);
    // No live call waits any more: the next token goes to backfill.
    now = 200;
    expect(budget.take('k', priority, 'backfill').waitMs).toBe(0);
  });

  it('stops holding backfill back for a live call that gave up (its registration lapses)', () => {
    let now = 0;
    const budget = new InProcessRateBudget(() => now);
    for (let i = 0; i < 4; i += 1) budget.take('k', priority, 'backfill');
    expect(budget.take('k', priority, 'live', 'gone').waitMs).toBe(100);
    now = 100 + LIVE_WAITER_TTL_MS;
    expect(budget.take('k', priority, 'backfill').waitMs).toBe(0);
  });

  it('stops granting during a cool-down a provider asked for', async () => {
    let now = 0;
    const budget = new InProcessRateBudget(() => now);
    await budget.coolDown('k', 2000);
    expect(budget.take('k', limit, 'live').waitMs).toBe(2000);
    now = 2000;
    expect(budget.take('k', limit, 'live').waitMs).toBe(0);
  });

  it('reports the tokens granted in the current second', async () => {
    const budget = new InProcessRateBudget(() => 5_500);
    budget.take('k', limit, 'live');
    budget.take('k', limit, 'live');
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
