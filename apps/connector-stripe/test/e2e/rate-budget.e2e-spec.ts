import { eventually } from '@concord/testing';

import { StripeE2eWorld } from './stripe-e2e-world';

interface SyncView {
  systems: Array<{ state: string | null }>;
}

// Two connector replicas share one budget through the real Redis: 8 requests/s (burst 4) per
// tenant against a simulator that refuses anything above 10/s per account.
const world = new StripeE2eWorld({
  connectors: 2,
  connectorEnv: { STRIPE_RATE_LIMIT_PER_SECOND: '8' },
});

beforeAll(() => world.start(), 240_000);
afterAll(() => world.stop(), 60_000);

describe('the shared rate budget (two connector processes, real Redis)', () => {
  it('is never exceeded, however the work is spread over the replicas', async () => {
    await world.control('rate-limit', { enabled: true, perSecond: 10 });
    try {
      const tenant = await world.newTenant();
      await world.connectStripe(tenant);
      const ids: string[] = [];
      for (let i = 0; i < 24; i += 1) {
        const created = await tenant.catalog.post<{ id: string }>('/v1/customers', {
          name: `Budget ${i}`,
          email: `budget.${i}@example.com`,
        });
        ids.push(created.body.id);
      }
      await eventually(
        async () => {
          for (const id of ids) {
            const sync = await tenant.catalog.get<SyncView>(`/v1/customers/${id}/sync`);
            expect(sync.body.systems[0]?.state).toBe('synced');
          }
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );

      const perReplica = await Promise.all(
        world.connectors.map(async (connector) => {
          const text = await (await fetch(`${connector.url}/metrics`)).text();
          const count = (outcome: string) =>
            text
              .split('\n')
              .filter(
                (line) =>
                  line.startsWith('connector_external_calls_total') &&
                  line.includes(`outcome="${outcome}"`),
              )
              .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
          return { ok: count('ok'), rateLimited: count('rate-limited') };
        }),
      );
      expect(perReplica.map((replica) => replica.rateLimited)).toEqual([0, 0]);
      expect(perReplica.every((replica) => replica.ok > 0)).toBe(true);
      expect(perReplica.reduce((sum, replica) => sum + replica.ok, 0)).toBeGreaterThanOrEqual(
        ids.length,
      );
      const customers = await tenant.stripe.customers.list({ limit: 100 });
      expect(customers.data.map((c) => c.metadata['concord_id']).sort()).toEqual([...ids].sort());
    } finally {
      await world.control('rate-limit', { enabled: false });
    }
  });
});
