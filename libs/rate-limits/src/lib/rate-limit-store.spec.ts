import { MemoryRateLimitStore } from './memory-rate-limit-store';

describe('MemoryRateLimitStore (GCRA)', () => {
  const rule = { limit: 5, windowMs: 1000 };

  it('allows a burst of `limit`, then refuses with the wait until the next request fits', async () => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore(() => now);
    const decisions = [];
    for (let i = 0; i < 6; i += 1) decisions.push(await store.hit('k', rule));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(decisions[5].retryAfterMs).toBe(200);
    now += 200;
    expect((await store.hit('k', rule)).allowed).toBe(true);
    expect((await store.hit('k', rule)).allowed).toBe(false);
  });

  it('counts keys apart, and peek counts nothing', async () => {
    const store = new MemoryRateLimitStore(() => 0);
    for (let i = 0; i < 5; i += 1) await store.hit('a', rule);
    expect((await store.peek('a', rule)).allowed).toBe(false);
    expect((await store.peek('b', rule)).allowed).toBe(true);
    expect((await store.peek('b', rule)).remaining).toBe(4);
    expect((await store.hit('b', rule)).remaining).toBe(4);
  });

  it('refills at limit per window', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore(() => now);
    for (let i = 0; i < 5; i += 1) await store.hit('k', rule);
    now += 1000;
    const again = [];
    for (let i = 0; i < 6; i += 1) again.push((await store.hit('k', rule)).allowed);
    expect(again).toEqual([true, true, true, true, true, false]);
  });
});
