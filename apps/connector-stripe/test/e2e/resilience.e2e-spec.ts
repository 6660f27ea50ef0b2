import { eventually } from '@concord/testing';

import { createCustomers, stripeConcordIds } from './customer-helpers';
import { type E2eTenant, StripeE2eWorld } from './stripe-e2e-world';

interface Status {
  state: string;
  reason: string | null;
}

const world = new StripeE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

async function connectedTenant(): Promise<E2eTenant> {
  const tenant = await world.newTenant();
  await world.connectStripe(tenant);
  return tenant;
}

describe('failures end in convergence (processes: catalog-service, connector-stripe, simulator)', () => {
  it('rides out a 429 storm and a burst of 5xx without duplicating anything in Stripe', async () => {
    const tenant = await connectedTenant();
    await world.control('storm', { durationMs: 4000, retryAfterSeconds: 1 });
    await world.control('faults', {
      rules: [
        { method: 'POST', path: '/v1/customers', errorRate: 0.5, status: 503, count: 8 },
        { method: 'POST', path: '/v1/products', errorRate: 1, status: 502, count: 3 },
      ],
    });
    try {
      const customers = await createCustomers(tenant, 8, 'storm');
      const product = await tenant.catalog.post<{ id: string }>('/v1/products', {
        name: 'Storm-proof',
        active: true,
        unitPrice: { amount: 700, currency: 'USD' },
      });
      await eventually(
        async () => expect(await stripeConcordIds(tenant)).toEqual([...customers].sort()),
        {
          timeoutMs: 90_000,
          intervalMs: 1000,
        },
      );
      await eventually(
        async () => {
          const products = (await tenant.stripe.products.list({ limit: 100 })).data;
          expect(products.map((p) => p.metadata['concord_id'])).toEqual([product.body.id]);
        },
        { timeoutMs: 90_000, intervalMs: 1000 },
      );
      const prices = (await tenant.stripe.prices.list({ limit: 100 })).data;
      expect(prices).toHaveLength(1);
      expect(
        await world.connectorMetric('connector_external_calls_total', 'outcome="rate-limited"'),
      ).toBeGreaterThan(0);
      expect(
        await world.connectorMetric('connector_external_calls_total', 'outcome="retryable"'),
      ).toBeGreaterThan(0);
    } finally {
      await world.control('faults', {}, 'DELETE');
      await world.control('storm', { durationMs: 0 });
    }
  });

  it('loses nothing when the connector is killed mid-stream and restarted', async () => {
    const tenant = await connectedTenant();
    // Slow requests keep work in flight when the process dies.
    await world.control('faults', {
      rules: [{ pathRegex: '^/v1/customers', latencyMs: 300, errorRate: 0 }],
    });
    try {
      const customers = await createCustomers(tenant, 15, 'killed');
      await eventually(
        async () => expect((await stripeConcordIds(tenant)).length).toBeGreaterThan(0),
        {
          timeoutMs: 30_000,
          intervalMs: 100,
        },
      );
      const [connector] = world.connectors;
      expect(await connector.kill()).toMatchObject({ signal: 'SIGKILL' });
      expect((await stripeConcordIds(tenant)).length).toBeLessThan(customers.length);
      await connector.restart();
      await eventually(
        async () => expect(await stripeConcordIds(tenant)).toEqual([...customers].sort()),
        {
          timeoutMs: 90_000,
          intervalMs: 1000,
        },
      );
    } finally {
      await world.control('faults', {}, 'DELETE');
    }
  });

  it('pauses the connection when the key is revoked, says so, and resumes when it works again', async () => {
    const tenant = await connectedTenant();
    await world.control('accounts/revoke', { key: tenant.apiKey });
    let restored = false;
    try {
      const [customer] = await createCustomers(tenant, 1, 'revoked');
      const status = await eventually(
        async () => {
          const answer = await tenant.catalog.get<Status>('/v1/integrations/stripe/status');
          expect(answer.body).toMatchObject({
            state: 'needs-attention',
            reason: expect.stringContaining('credentials'),
          });
          return answer.body;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(status.reason).not.toContain(tenant.apiKey);
      await eventually(
        async () => {
          const sync = await tenant.catalog.get<{
            systems: Array<{ state: string; lastError: { category?: string } | null }>;
          }>(`/v1/customers/${customer}/sync`);
          expect(sync.body.systems[0]).toMatchObject({
            state: 'failed',
            lastError: expect.objectContaining({ category: 'auth' }),
          });
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      ).catch(async (error: Error) => {
        throw new Error(`${await world.trace(tenant, 'customer', customer)}\n${error.message}`);
      });

      await world.control('accounts/restore', { key: tenant.apiKey });
      restored = true;
      await eventually(async () => expect(await stripeConcordIds(tenant)).toEqual([customer]), {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      await eventually(
        async () => {
          expect(
            (await tenant.catalog.get<Status>('/v1/integrations/stripe/status')).body.state,
          ).toBe('active');
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
    } finally {
      if (!restored) await world.control('accounts/restore', { key: tenant.apiKey });
    }
  });
});
