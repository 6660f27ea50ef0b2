import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import { connectionSettings, outboundHarness } from '../../../test/kit-harness';
import { silentKitLogger } from '../definition/kit-logger';

describe('ExternalCaller', () => {
  it('takes a budget token per request and cools the budget down on a 429', async () => {
    const system = new FakeSystem();
    const harness = outboundHarness(fakeDefinition(system, { perSecond: 50, burst: 2 }));
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    const entry = harness.registry.forTenant(settings.tenant);
    if (!entry) throw new Error('no connection');
    const ctx = harness.caller.context(entry, 'live', silentKitLogger, 'concord-e1');
    const keys: string[] = [];
    await ctx.call('a', async (key) => keys.push(key));
    await ctx.call('b', async (key) => keys.push(key));
    expect(keys).toEqual(['concord-e1-a', 'concord-e1-b']);
    expect(
      (
        await harness.budget.usage(
          harness.caller.budgetKey(settings.tenant),
          harness.caller.limitFor(entry.resolved as never),
        )
      ).used,
    ).toBe(2);

    system.failNext('rate-limited');
    await expect(ctx.call('c', async () => system.read('x', () => 1))).rejects.toMatchObject({
      category: 'rate-limited',
    });
    const take = harness.budget.take(
      harness.caller.budgetKey(settings.tenant),
      harness.caller.limitFor(entry.resolved as never),
      'live',
    );
    expect(take.waitMs).toBeGreaterThan(500);
  });

  it("keeps at most the connector's concurrency of a tenant's requests in flight", async () => {
    const definition = fakeDefinition(new FakeSystem(), { perSecond: 1000, burst: 50 });
    const harness = outboundHarness({
      ...definition,
      rateLimit: { ...definition.rateLimit, concurrency: 2 },
    });
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    const entry = harness.registry.forTenant(settings.tenant);
    if (!entry) throw new Error('no connection');
    const ctx = harness.caller.context(entry, 'live', silentKitLogger, 'concord-e2');
    let inFlight = 0;
    let most = 0;
    const request = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight -= 1;
    };

    await Promise.all(Array.from({ length: 6 }, (_, i) => ctx.call(`s${i}`, request)));

    expect(most).toBe(2);
  });

  it('lets a connection lower its rate below the connector default', async () => {
    const harness = outboundHarness(fakeDefinition(new FakeSystem(), { perSecond: 20, burst: 10 }));
    const settings = connectionSettings('fakesys', { settings: { rateLimitPerSecond: 4 } });
    await harness.connect(settings);
    const connection = harness.registry.forTenant(settings.tenant)?.resolved;
    expect(harness.caller.limitFor(connection as never)).toMatchObject({ perSecond: 4, burst: 4 });
  });

  it("keeps the connector's own burst under a rate below one a second, so backfill gets tokens", async () => {
    const perMinute = { perSecond: 55 / 60, burst: 5 };
    const harness = outboundHarness(fakeDefinition(new FakeSystem(), perMinute));
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    const connection = harness.registry.forTenant(settings.tenant)?.resolved;
    const limit = harness.caller.limitFor(connection as never);
    expect(limit).toMatchObject({ burst: 5 });
    // A fresh bucket grants the backfill lane what it holds above the live reserve, at once.
    const key = harness.caller.budgetKey(settings.tenant);
    await harness.budget.acquire(key, limit, 'backfill', 0);
    await harness.budget.acquire(key, limit, 'backfill', 0);
  });

  it('shares the daily allowance the client reports, slows backfill calls from 80 % and never cools down on a used-up allowance', async () => {
    const system = new FakeSystem();
    let usage = { used: 10, limit: 100 };
    const definition = {
      ...fakeDefinition(system, { perSecond: 50, burst: 20 }),
      dailyAllowance: { usage: () => usage },
    };
    const harness = outboundHarness(definition);
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    const entry = harness.registry.forTenant(settings.tenant);
    if (!entry) throw new Error('no connection');
    const key = harness.caller.budgetKey(settings.tenant);
    const limit = harness.caller.limitFor(entry.resolved as never);
    const backfill = harness.caller.context(entry, 'backfill', silentKitLogger);
    const tokensOf = async (call: () => Promise<unknown>) => {
      const before = (await harness.budget.usage(key, limit)).used;
      await call();
      return (await harness.budget.usage(key, limit)).used - before;
    };

    expect(await tokensOf(() => backfill.call('a', async () => 1))).toBe(1);
    expect(await harness.caller.allowance(settings.tenant)).toEqual({ used: 10, limit: 100 });
    usage = { used: 85, limit: 100 };
    await backfill.call('b', async () => 1);
    expect(harness.caller.allowanceWarning(await harness.caller.allowance(settings.tenant))).toBe(
      true,
    );
    expect(await tokensOf(() => backfill.call('c', async () => 1))).toBe(4);
    const live = harness.caller.context(entry, 'live', silentKitLogger);
    expect(await tokensOf(() => live.call('d', async () => 1))).toBe(1);

    system.failNext('daily-limit');
    await expect(live.call('e', async () => system.read('x', () => 1))).rejects.toMatchObject({
      code: 'DAILY_ALLOWANCE_EXHAUSTED',
    });
    expect(harness.budget.take(key, limit, 'live').waitMs).toBe(0);
  });
});
