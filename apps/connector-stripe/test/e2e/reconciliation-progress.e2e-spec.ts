import { eventually } from '@concord/testing';

import { StripeE2eWorld } from './stripe-e2e-world';

jest.setTimeout(300_000);

const world = new StripeE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

interface InboundRun {
  kind: string;
  state: string;
  seen: number;
  published: number;
  finishedAt: string | null;
}

describe('import-side progress reported by the connector (processes)', () => {
  it('reports the initial import and a requested reconciliation with the records it compared', async () => {
    const tenant = await world.newTenant();
    await tenant.stripe.customers.create({ name: 'In Stripe first', email: 'first@example.com' });
    await tenant.stripe.customers.create({ name: 'In Stripe too', email: 'second@example.com' });
    await world.connectStripe(tenant);
    const runOf = async () =>
      (await tenant.catalog.get<{ inboundRun?: InboundRun }>('/v1/integrations/stripe/status')).body
        .inboundRun;

    await eventually(
      async () =>
        expect(await runOf()).toMatchObject({
          kind: 'backfill',
          state: 'done',
          seen: 2,
          published: 2,
          finishedAt: expect.any(String),
        }),
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    await tenant.stripe.customers.create({ name: 'Added later', email: 'third@example.com' });
    expect((await tenant.catalog.post('/v1/integrations/stripe/reconcile', {})).status).toBe(202);
    await eventually(
      async () => {
        const run = await runOf();
        expect(run).toMatchObject({ kind: 'reconciliation', state: 'done', seen: 3 });
        // Only records that differ from their links are sent: how many depends on whether the
        // catalog's echoes of the import and of the webhook came back yet, never more than seen.
        expect(run?.published).toBeLessThanOrEqual(run?.seen ?? 0);
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
  });
});
