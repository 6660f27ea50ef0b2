import { CONNECTIONS_ANSWER_GRACE_MS } from '@concord/connector-kit';
import { eventually } from '@concord/testing';

import { type E2eTenant, StripeE2eWorld } from './stripe-e2e-world';

interface CatalogCustomer {
  id: string;
  email: string | null;
  name: string;
}

// The connector may spend Stripe's whole live budget, so the export is not paced below it; its
// status (a health probe, one call each) is reported every 5 s rather than every second.
const world = new StripeE2eWorld({
  connectorEnv: { STRIPE_RATE_LIMIT_PER_SECOND: '100', CONNECTOR_STATUS_INTERVAL_MS: '5000' },
});

interface RequestCounts {
  total: number;
  byRoute: Record<string, number>;
}

/** What the account was sent, as the simulator counted it. */
function requestsOf(tenant: E2eTenant): Promise<RequestCounts> {
  return world.control('accounts/requests', { key: tenant.apiKey }) as Promise<RequestCounts>;
}

/** Every catalog record of a kind linked to Stripe (paged through the catalog's API, 100 a page). */
async function linkedRecords(
  tenant: E2eTenant,
  kind: 'customers' | 'products',
): Promise<unknown[]> {
  const linked: unknown[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await tenant.catalog.get<{ data: unknown[]; nextCursor: string | null }>(
      `/v1/${kind}?system=stripe&limit=100${query}`,
    );
    linked.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return linked;
}

/** Posts `count` records to the catalog, 20 at a time. */
async function postAll<T>(
  tenant: E2eTenant,
  path: string,
  count: number,
  body: (i: number) => object,
): Promise<T[]> {
  const created: T[] = [];
  for (let start = 0; start < count; start += 20) {
    const posts = Array.from({ length: Math.min(20, count - start) }, (_, j) =>
      tenant.catalog.post<T>(path, body(start + j)),
    );
    for (const response of await Promise.all(posts)) {
      expect(response.status).toBe(201);
      created.push(response.body);
    }
  }
  return created;
}

/**
 * For 30 s after it starts (the kit's CONNECTIONS_ANSWER_GRACE_MS) the connector parks events of a
 * tenant it has no connection for, marked to be matched per record when they come back.
 */
let connectorStartedAt = 0;

beforeAll(async () => {
  await world.start();
  connectorStartedAt = Date.now();
}, 180_000);
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
    // Settled: every customer there, the matched pair marked with its catalog id (the export's
    // write of it may come after the catalog-only customer's create).
    const stripeCustomers = await eventually(
      async () => {
        const list = (await tenant.stripe.customers.list({ limit: 100 })).data;
        expect(list.map((c) => c.email).sort()).toEqual(emails);
        const matched = list.find((c) => c.email === 'a@example.com');
        expect(matched?.metadata['concord_id']).toBeDefined();
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

  it('exports hundreds of customers and products at no more than 1.05 Stripe calls each, linking existing ones', async () => {
    const exported = 500;
    const matched = 6;
    // Only the snapshot is measured: no catalog event may reach the connector while it would park it.
    const graceLeft = connectorStartedAt + CONNECTIONS_ANSWER_GRACE_MS - Date.now();
    if (graceLeft > 0) await new Promise((resolve) => setTimeout(resolve, graceLeft));
    const tenant = await world.newTenant();
    const email = (i: number) => `customer-${i}@example.com`;
    // In Stripe before the connection: customers the catalog also has (by email), and two it has not.
    const existing = new Map<string, string>();
    for (let i = 0; i < matched; i += 1) {
      const customer = await tenant.stripe.customers.create({ name: `Old ${i}`, email: email(i) });
      existing.set(email(i), customer.id);
    }
    for (const other of ['only-a@example.com', 'only-b@example.com']) {
      await tenant.stripe.customers.create({ name: 'Stripe only', email: other });
    }
    const products = 200;
    const existingProducts = new Map<string, string>();
    for (let i = 0; i < 2; i += 1) {
      const product = await tenant.stripe.products.create({
        name: `Old product ${i}`,
        metadata: { sku: `SKU-${i}` },
      });
      existingProducts.set(`SKU-${i}`, product.id);
    }
    const created = await postAll<CatalogCustomer>(tenant, '/v1/customers', exported, (i) => ({
      name: `Customer ${i}`,
      email: email(i),
    }));
    const createdProducts = await postAll<{ id: string; sku: string }>(
      tenant,
      '/v1/products',
      products,
      (i) => ({
        name: `Product ${i}`,
        sku: `SKU-${i}`,
        unitPrice: { amount: 1000 + i, currency: 'EUR' },
      }),
    );
    const before = await requestsOf(tenant);

    await world.connectStripe(
      tenant,
      {},
      {
        matchingKeys: { customer: ['email'], product: ['sku'] },
      },
    );

    // Every catalog record linked (the two Stripe-only customers came in and are linked too).
    await eventually(
      async () => {
        expect((await linkedRecords(tenant, 'customers')).length).toBe(exported + 2);
        expect((await linkedRecords(tenant, 'products')).length).toBe(products);
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const after = await requestsOf(tenant);
    const calls = after.total - before.total;
    const perRecord = calls / (exported + products);
    const byRoute = Object.fromEntries(
      Object.entries(after.byRoute).map(([route, n]) => [route, n - (before.byRoute[route] ?? 0)]),
    );
    // Counted at the simulator: everything the connector sent this account since it was connected
    // (the breakdown by route is shown when the budget is exceeded).
    const cost = { perRecord, byRoute };
    expect(perRecord <= 1.05 ? 'within 1.05 calls per record' : cost).toBe(
      'within 1.05 calls per record',
    );

    const inStripe = [];
    for await (const customer of tenant.stripe.customers.list({ limit: 100 }))
      inStripe.push(customer);
    // Nothing duplicated: one Stripe customer per email.
    expect(inStripe).toHaveLength(exported + 2);
    expect(new Set(inStripe.map((c) => c.email)).size).toBe(exported + 2);
    // The customers Stripe had are the catalog's, linked, not created again.
    const catalogIdOf = new Map(created.map((c) => [c.email, c.id]));
    for (const [address, stripeId] of existing) {
      const customer = inStripe.find((c) => c.id === stripeId);
      expect(customer?.metadata['concord_id']).toBe(catalogIdOf.get(address));
    }
    for (const customer of inStripe.filter((c) => !c.email?.startsWith('only-'))) {
      expect(customer.metadata['concord_id']).toBe(catalogIdOf.get(customer.email ?? ''));
    }
    // Products too: one per SKU, those Stripe had linked, each created one a single call.
    const productsInStripe = [];
    for await (const product of tenant.stripe.products.list({ limit: 100 }))
      productsInStripe.push(product);
    expect(productsInStripe).toHaveLength(products);
    const productIdOf = new Map(createdProducts.map((p) => [p.sku, p.id]));
    for (const product of productsInStripe) {
      expect(product.metadata['concord_id']).toBe(productIdOf.get(product.metadata['sku'] ?? ''));
    }
    for (const [sku, stripeId] of existingProducts) {
      expect(productsInStripe.find((p) => p.metadata['sku'] === sku)?.id).toBe(stripeId);
    }
    expect(byRoute['POST /v1/products']).toBe(products - existingProducts.size);
  });
});
