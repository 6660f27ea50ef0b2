import { eventually } from '@concord/testing';
import type Stripe from 'stripe';

import { type E2eTenant, StripeE2eWorld } from './stripe-e2e-world';

interface CatalogCustomer {
  id: string;
  version: number;
  name: string;
  email: string | null;
  metadata: Record<string, string>;
}

interface SyncView {
  systems: Array<{
    system: string;
    externalId: string | null;
    state: string | null;
    entityVersion: number | null;
  }>;
}

const world = new StripeE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

async function connectedTenant(): Promise<E2eTenant> {
  const tenant = await world.newTenant();
  await world.connectStripe(tenant);
  return tenant;
}

async function catalogCustomerOf(
  tenant: E2eTenant,
  externalId: string,
): Promise<CatalogCustomer | undefined> {
  const page = await tenant.catalog.get<{ data: CatalogCustomer[] }>(
    `/v1/customers?system=stripe&externalId=${externalId}&includeDeleted=true`,
  );
  return page.body.data[0];
}

/** Writes Concord itself made to a Stripe object (idempotency keys `concord-...`). */
async function concordWritesTo(stripe: Stripe, objectId: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data
    .filter((event) => (event.data.object as { id?: string }).id === objectId)
    .filter((event) => (event.request?.idempotency_key ?? '').startsWith('concord-'))
    .map((event) => event.type);
}

describe('Stripe -> catalog (processes: catalog-service, connector-stripe, simulator)', () => {
  it('brings a change made in Stripe through the official SDK into the catalog, and never writes it back', async () => {
    const tenant = await connectedTenant();
    const external = await tenant.stripe.customers.create({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      metadata: { team: 'navy' },
    });
    const customer = await eventually(
      async () => {
        const found = await catalogCustomerOf(tenant, external.id);
        expect(found).toMatchObject({
          name: 'Grace Hopper',
          email: 'grace@example.com',
          metadata: { team: 'navy' },
        });
        return found as CatalogCustomer;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    await tenant.stripe.customers.update(external.id, { name: 'Rear Admiral Hopper' });
    const updated = await eventually(
      async () => {
        const found = await catalogCustomerOf(tenant, external.id);
        expect(found?.name).toBe('Rear Admiral Hopper');
        return found as CatalogCustomer;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // The connector has seen the catalog's resulting event (its outcome is recorded) and wrote nothing.
    await eventually(
      async () => {
        const sync = await tenant.catalog.get<SyncView>(`/v1/customers/${customer.id}/sync`);
        expect(sync.body.systems).toEqual([
          expect.objectContaining({
            system: 'stripe',
            externalId: external.id,
            entityVersion: updated.version,
          }),
        ]);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(await concordWritesTo(tenant.stripe, external.id)).toEqual([]);
    expect((await tenant.stripe.customers.list({ limit: 100 })).data).toHaveLength(1);
  });

  it('applies duplicated and reordered webhooks once, ending at the latest state', async () => {
    const tenant = await connectedTenant();
    await world.control('webhooks', { duplicateRate: 1, reorder: true, reorderWindowMs: 400 });
    try {
      const external = await tenant.stripe.customers.create({
        name: 'v1',
        email: 'versions@example.com',
      });
      for (const name of ['v2', 'v3', 'v4'])
        await tenant.stripe.customers.update(external.id, { name });

      const customer = await eventually(
        async () => {
          const found = await catalogCustomerOf(tenant, external.id);
          expect(found?.name).toBe('v4');
          return found as CatalogCustomer;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const deliveries = (await world.control('webhooks/deliveries', undefined, 'GET')) as {
        data: Array<{ eventId: string; duplicate: boolean; url: string }>;
      };
      const ours = deliveries.data.filter((d) => d.url.includes(tenant.tenantId));
      expect(ours.filter((d) => d.duplicate).length).toBeGreaterThan(0);
      // Four changes at most: a duplicate or an out-of-date delivery never made a version of its own.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const settled = await catalogCustomerOf(tenant, external.id);
      expect(settled?.name).toBe('v4');
      expect(settled?.version).toBeLessThanOrEqual(4);
      expect(settled?.version).toBeGreaterThanOrEqual(customer.version);
    } finally {
      await world.control('webhooks', { duplicateRate: 0, reorder: false });
    }
  });

  it('converges after an on-demand reconciliation when webhooks were switched off', async () => {
    const tenant = await connectedTenant();
    const kept = await tenant.stripe.customers.create({
      name: 'Before',
      email: 'kept@example.com',
    });
    const gone = await tenant.stripe.customers.create({
      name: 'Doomed',
      email: 'gone@example.com',
    });
    await eventually(
      async () => {
        expect(await catalogCustomerOf(tenant, kept.id)).toBeDefined();
        expect(await catalogCustomerOf(tenant, gone.id)).toBeDefined();
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    await world.control('webhooks', { enabled: false });
    try {
      await tenant.stripe.customers.update(kept.id, { name: 'After' });
      const added = await tenant.stripe.customers.create({
        name: 'Added while deaf',
        email: 'new@example.com',
      });
      await tenant.stripe.customers.del(gone.id);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await catalogCustomerOf(tenant, kept.id))?.name).toBe('Before');

      const requested = await tenant.catalog.post('/v1/integrations/stripe/reconcile', {});
      expect(requested.status).toBe(202);
      await eventually(
        async () => {
          expect((await catalogCustomerOf(tenant, kept.id))?.name).toBe('After');
          expect(await catalogCustomerOf(tenant, added.id)).toMatchObject({
            name: 'Added while deaf',
          });
          expect(await catalogCustomerOf(tenant, gone.id)).toMatchObject({
            deletedAt: expect.any(String),
          });
        },
        { timeoutMs: 45_000, intervalMs: 500 },
      );
    } finally {
      await world.control('webhooks', { enabled: true });
    }
  });

  it('lets a Stripe delete stand against a later catalog edit when the policy is external-wins', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(
      tenant,
      {},
      { conflictPolicy: { default: 'external-wins', fieldOwners: [] } },
    );
    const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Edsger',
      email: 'edsger@example.com',
    });
    const id = created.body.id;
    const linkedIn = async (): Promise<Stripe.Customer[]> =>
      (await tenant.stripe.customers.list({ limit: 100 })).data.filter(
        (customer) => customer.metadata['concord_id'] === id,
      );
    let stripeId = '';
    await eventually(
      async () => {
        const sync = await tenant.catalog.get<SyncView>(`/v1/customers/${id}/sync`);
        expect(sync.body.systems).toEqual([
          expect.objectContaining({ system: 'stripe', state: 'synced', entityVersion: 1 }),
        ]);
        stripeId = sync.body.systems[0].externalId as string;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    await world.control('webhooks', { enabled: false });
    try {
      // Deleted in Stripe, then edited in the catalog before the delete came in: the connector
      // finds its customer gone and, as the policy lets the delete stand, does not create it again.
      await tenant.stripe.customers.del(stripeId);
      const edited = await tenant.catalog.patch(
        `/v1/customers/${id}`,
        { name: 'Edsger Dijkstra' },
        { 'if-match': '"1"' },
      );
      expect(edited.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await linkedIn()).toEqual([]);

      const requested = await tenant.catalog.post('/v1/integrations/stripe/reconcile', {});
      expect(requested.status).toBe(202);
      await eventually(
        async () => {
          const page = await tenant.catalog.get<{ data: Array<{ deletedAt: string | null }> }>(
            `/v1/customers?includeDeleted=true&email=edsger@example.com`,
          );
          expect(page.body.data).toEqual([
            expect.objectContaining({ deletedAt: expect.any(String) }),
          ]);
        },
        { timeoutMs: 45_000, intervalMs: 500 },
      );
      expect(await linkedIn()).toEqual([]);
    } finally {
      await world.control('webhooks', { enabled: true });
    }
  });
});
