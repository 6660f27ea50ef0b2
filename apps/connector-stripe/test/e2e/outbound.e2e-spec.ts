import type { ApiResponse } from '@concord/testing';
import { eventually } from '@concord/testing';

import { type E2eTenant, StripeE2eWorld } from './stripe-e2e-world';

interface CreatedRecord {
  id: string;
  version: number;
}

const world = new StripeE2eWorld();
let tenant: E2eTenant;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
  await world.connectStripe(tenant);
}, 180_000);

afterAll(() => world.stop(), 60_000);

function created<T>(response: ApiResponse<T>): T {
  if (response.status !== 201)
    throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const stripeCustomerOf = async (concordId: string) =>
  (await tenant.stripe.customers.list({ limit: 100 })).data.find(
    (c) => c.metadata['concord_id'] === concordId,
  );

describe('catalog -> Stripe (processes: catalog-service, connector-stripe, simulator)', () => {
  it('creates, updates and deletes a customer in Stripe with the right content', async () => {
    const customer = created(
      await tenant.catalog.post<CreatedRecord>('/v1/customers', {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0000',
        address: { line1: '12 Analytical Row', city: 'London', country: 'GB' },
        currency: 'GBP',
        metadata: { tier: 'gold' },
      }),
    );
    const inStripe = await eventually(
      async () => {
        const found = await stripeCustomerOf(customer.id);
        expect(found).toMatchObject({
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          phone: '+44 20 7946 0000',
        });
        return found as NonNullable<typeof found>;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(inStripe.address).toMatchObject({
      line1: '12 Analytical Row',
      city: 'London',
      country: 'GB',
    });
    expect(inStripe.metadata).toMatchObject({ tier: 'gold' });

    const patched = await tenant.catalog.patch<CreatedRecord>(
      `/v1/customers/${customer.id}`,
      { name: 'Ada King', metadata: {} },
      { 'if-match': '"1"' },
    );
    expect(patched.status).toBe(200);
    await eventually(
      async () => {
        const found = await tenant.stripe.customers.retrieve(inStripe.id);
        expect(found).toMatchObject({ name: 'Ada King' });
        expect((found as { metadata: Record<string, string> }).metadata['tier']).toBeUndefined();
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );

    expect((await tenant.catalog.delete(`/v1/customers/${customer.id}`)).status).toBeLessThan(300);
    await eventually(
      async () => {
        expect(await tenant.stripe.customers.retrieve(inStripe.id)).toMatchObject({
          deleted: true,
        });
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(
      (await tenant.stripe.customers.list({ limit: 100 })).data.filter(
        (c) => c.metadata['concord_id'] === customer.id,
      ),
    ).toEqual([]);
  });

  it('writes a product with its price, reprices it and archives it', async () => {
    const product = created(
      await tenant.catalog.post<CreatedRecord>('/v1/products', {
        name: 'Difference Engine',
        description: 'Mechanical calculator',
        sku: 'DE-1',
        active: true,
        unitPrice: { amount: 1999, currency: 'EUR' },
        metadata: { warehouse: 'lyon' },
      }),
    );
    const find = async () =>
      (await tenant.stripe.products.list({ limit: 100, expand: ['data.default_price'] })).data.find(
        (p) => p.metadata['concord_id'] === product.id,
      );
    await eventually(
      async () => {
        const found = await find();
        expect(found).toMatchObject({
          name: 'Difference Engine',
          active: true,
          metadata: { sku: 'DE-1', warehouse: 'lyon' },
        });
        expect(found?.default_price).toMatchObject({ unit_amount: 1999, currency: 'eur' });
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );

    await tenant.catalog.patch(
      `/v1/products/${product.id}`,
      { unitPrice: { amount: 2499, currency: 'EUR' } },
      { 'if-match': '"1"' },
    );
    // The new default price shows first; the old one is deactivated by a later call of the write.
    await eventually(
      async () => {
        expect((await find())?.default_price).toMatchObject({ unit_amount: 2499, currency: 'eur' });
        const prices = await tenant.stripe.prices.list({ product: (await find())?.id, limit: 10 });
        expect(prices.data.map((p) => [p.unit_amount, p.active]).sort()).toEqual([
          [1999, false],
          [2499, true],
        ]);
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );

    expect((await tenant.catalog.delete(`/v1/products/${product.id}`)).status).toBeLessThan(300);
    await eventually(async () => expect((await find())?.active).toBe(false), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
  });

  it('writes an invoice only after its customer and products, with its lines, then pays and voids', async () => {
    const customer = created(
      await tenant.catalog.post<CreatedRecord>('/v1/customers', {
        name: 'Grace',
        email: 'grace@example.com',
        currency: 'USD',
      }),
    );
    const product = created(
      await tenant.catalog.post<CreatedRecord>('/v1/products', {
        name: 'Compiler',
        active: true,
        unitPrice: { amount: 5000, currency: 'USD' },
      }),
    );
    // Created right away: the connector must wait for the customer and the product.
    const invoice = created(
      await tenant.catalog.post<CreatedRecord>('/v1/invoices', {
        customerId: customer.id,
        number: 'INV-E2E-1',
        status: 'open',
        currency: 'USD',
        issueDate: '2025-03-01',
        dueDate: '2030-03-31',
        lines: [
          { productId: product.id, description: 'Compiler licence', quantity: 2, unitAmount: 5000 },
          { productId: null, description: 'Support', quantity: 1, unitAmount: 1200 },
        ],
        metadata: { po: 'PO-7' },
      }),
    );
    const find = async () =>
      (await tenant.stripe.invoices.list({ limit: 100 })).data.find(
        (i) => i.metadata?.['concord_id'] === invoice.id,
      );
    const stripeInvoice = await eventually(
      async () => {
        const found = await find();
        expect(found).toMatchObject({
          status: 'open',
          total: 11_200,
          currency: 'usd',
          metadata: { po: 'PO-7', concord_number: 'INV-E2E-1' },
        });
        return found as NonNullable<typeof found>;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const stripeCustomer = await stripeCustomerOf(customer.id);
    expect(stripeInvoice.customer).toBe(stripeCustomer?.id);
    const lines = (await tenant.stripe.invoices.listLineItems(stripeInvoice.id))
      .data as unknown as Array<{
      description: string;
      quantity: number;
      amount: number;
    }>;
    expect(lines.map((l) => [l.description, l.quantity, l.amount]).sort()).toEqual([
      ['Compiler licence', 2, 10_000],
      ['Support', 1, 1200],
    ]);

    await tenant.catalog.patch(
      `/v1/invoices/${invoice.id}`,
      { status: 'paid' },
      { 'if-match': '"1"' },
    );
    await eventually(async () => expect((await find())?.status).toBe('paid'), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });

    const second = created(
      await tenant.catalog.post<CreatedRecord>('/v1/invoices', {
        customerId: customer.id,
        number: 'INV-E2E-2',
        status: 'open',
        currency: 'USD',
        issueDate: '2025-03-02',
        dueDate: null,
        lines: [{ productId: null, description: 'Extra', quantity: 1, unitAmount: 300 }],
        metadata: {},
      }),
    );
    const findSecond = async () =>
      (await tenant.stripe.invoices.list({ limit: 100 })).data.find(
        (i) => i.metadata?.['concord_id'] === second.id,
      );
    await eventually(async () => expect((await findSecond())?.status).toBe('open'), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    expect((await tenant.catalog.delete(`/v1/invoices/${second.id}`)).status).toBeLessThan(300);
    await eventually(async () => expect((await findSecond())?.status).toBe('void'), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
  });
});
