import { eventually } from '@concord/testing';

import { StripeE2eWorld } from './stripe-e2e-world';

interface CatalogCustomer {
  id: string;
  email: string | null;
  name: string;
}

const world = new StripeE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

describe('enabling a connection over records on both sides (processes)', () => {
  it('matches existing records by email in both directions and duplicates nothing', async () => {
    const tenant = await world.newTenant();
    const inStripeOnly = await tenant.stripe.customers.create({
      name: 'Stripe only',
      email: 'b@example.com',
    });
    const inBothStripe = await tenant.stripe.customers.create({
      name: 'Ada',
      email: 'a@example.com',
    });
    const inBoth = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Ada',
      email: 'a@example.com',
    });
    const inCatalogOnly = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Catalog only',
      email: 'c@example.com',
    });
    expect([inBoth.status, inCatalogOnly.status]).toEqual([201, 201]);

    await world.connectStripe(tenant);

    const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
    const stripeCustomers = await eventually(
      async () => {
        const list = (await tenant.stripe.customers.list({ limit: 100 })).data;
        expect(list.map((c) => c.email).sort()).toEqual(emails);
        return list;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const catalogCustomers = await eventually(
      async () => {
        const page = await tenant.catalog.get<{ data: CatalogCustomer[] }>(
          '/v1/customers?limit=100',
        );
        expect(page.body.data.map((c) => c.email).sort()).toEqual(emails);
        return page.body.data;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

    const byEmail = (email: string) => stripeCustomers.find((c) => c.email === email);
    const linkedTo = async (externalId: string) =>
      (
        await tenant.catalog.get<{ data: CatalogCustomer[] }>(
          `/v1/customers?system=stripe&externalId=${externalId}`,
        )
      ).body.data[0]?.id;
    // The pair that existed on both sides is one record linked both ways.
    expect(byEmail('a@example.com')?.id).toBe(inBothStripe.id);
    expect(byEmail('a@example.com')?.metadata['concord_id']).toBe(inBoth.body.id);
    await eventually(async () => expect(await linkedTo(inBothStripe.id)).toBe(inBoth.body.id));
    // The Stripe-only customer came in (and was not written back); the catalog-only one went out.
    const stripeOnlyInCatalog = catalogCustomers.find((c) => c.email === 'b@example.com');
    expect(byEmail('b@example.com')?.id).toBe(inStripeOnly.id);
    await eventually(async () =>
      expect(await linkedTo(inStripeOnly.id)).toBe(stripeOnlyInCatalog?.id),
    );
    const catalogOnlyInStripe = byEmail('c@example.com');
    expect(catalogOnlyInStripe?.metadata['concord_id']).toBe(inCatalogOnly.body.id);
    await eventually(async () =>
      expect(await linkedTo(catalogOnlyInStripe?.id ?? '')).toBe(inCatalogOnly.body.id),
    );
  });
});
