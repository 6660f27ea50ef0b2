import type { Customer, Invoice, Product } from '@concord/model';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../../test/test-catalog';

/**
 * What each REST write costs the database, counted at the pg driver and read from `/metrics` as
 * an operator would: `concord_db_round_trips_per_request` by route. BEGIN and COMMIT, the API-key
 * read and the Idempotency-Key row all count. Issue 12's bound: at most 4 per REST write. A write
 * is one statement (the record row, its lines, its outbox row, its field clocks and the key's row),
 * after the API-key read and, for an update or delete, the read of the record.
 */
const BOUND = 4;

describe('database round trips per REST write', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
    // The key's first use also records when it was last used (then at most once a minute).
    expect((await tenant.client.get('/v1/customers')).status).toBe(200);
  });

  afterAll(async () => {
    await catalog?.close();
  });

  /** Sum and count of the histogram for one route, from the Prometheus text. */
  async function roundTrips(
    method: string,
    route: string,
  ): Promise<{ sum: number; count: number }> {
    const text = await (await fetch(`${catalog.url}/metrics`)).text();
    const labels = `method="${method}",route="${route}"`;
    const value = (series: string): number => {
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`concord_db_round_trips_per_request_${series}{`) && l.includes(labels),
        );
      return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    return { sum: value('sum'), count: value('count') };
  }

  /** Round trips of the requests made by `write` on that route. */
  async function costOf(
    method: string,
    route: string,
    write: () => Promise<unknown>,
  ): Promise<number> {
    const before = await roundTrips(method, route);
    await write();
    const after = await roundTrips(method, route);
    expect(after.count).toBe(before.count + 1);
    return after.sum - before.sum;
  }

  it('counts each customer write, the API key and the idempotency row included, within the bound', async () => {
    let customer!: Customer;
    const create = await costOf('POST', '/v1/customers', async () => {
      const created = await tenant.client.post<Customer>('/v1/customers', { name: 'Ada' });
      expect(created.status).toBe(201);
      customer = created.body;
    });
    const createWithKey = await costOf('POST', '/v1/customers', async () => {
      const created = await tenant.client.post<Customer>(
        '/v1/customers',
        { name: 'Bea' },
        { headers: { 'idempotency-key': 'round-trips-1' } },
      );
      expect(created.status).toBe(201);
    });
    const update = await costOf('PATCH', '/v1/customers/:id', async () => {
      const patched = await tenant.client.patch(
        `/v1/customers/${customer.id}`,
        { name: 'Ada L.' },
        { headers: { 'if-match': '"1"' } },
      );
      expect(patched.status).toBe(200);
    });
    const updateWithKey = await costOf('PATCH', '/v1/customers/:id', async () => {
      const patched = await tenant.client.patch(
        `/v1/customers/${customer.id}`,
        { name: 'Ada King' },
        { headers: { 'if-match': '"2"', 'idempotency-key': 'round-trips-2' } },
      );
      expect(patched.status).toBe(200);
    });
    const remove = await costOf('DELETE', '/v1/customers/:id', async () => {
      const deleted = await tenant.client.delete(`/v1/customers/${customer.id}`);
      expect(deleted.status).toBe(200);
    });
    const figures = { create, createWithKey, update, updateWithKey, remove };
    process.stdout.write(`database round trips per customer write: ${JSON.stringify(figures)}\n`);
    for (const [write, roundTrips] of Object.entries(figures)) {
      expect(`${write}: ${roundTrips}`).toBe(`${write}: ${Math.min(roundTrips, BOUND)}`);
    }
  });

  it('keeps product and invoice writes (lines and references included) within the bound', async () => {
    const product = await tenant.client.post<Product>('/v1/products', { name: 'Tea' });
    const customer = await tenant.client.post<Customer>('/v1/customers', { name: 'Cy' });
    const other = await tenant.client.post<Customer>('/v1/customers', { name: 'Di' });
    let invoice!: Invoice;
    const productUpdate = await costOf('PATCH', '/v1/products/:id', async () => {
      const patched = await tenant.client.patch(
        `/v1/products/${product.body.id}`,
        { name: 'Green tea' },
        { headers: { 'if-match': '"1"' } },
      );
      expect(patched.status).toBe(200);
    });
    const invoiceCreate = await costOf('POST', '/v1/invoices', async () => {
      const created = await tenant.client.post<Invoice>(
        '/v1/invoices',
        {
          customerId: customer.body.id,
          number: 'RT-1',
          currency: 'EUR',
          issueDate: '2026-01-02',
          lines: [{ productId: product.body.id, description: 'Tea', quantity: 2, unitAmount: 150 }],
        },
        { headers: { 'idempotency-key': 'round-trips-3' } },
      );
      expect(created.status).toBe(201);
      invoice = created.body;
    });
    const invoiceUpdate = await costOf('PATCH', '/v1/invoices/:id', async () => {
      const patched = await tenant.client.patch(
        `/v1/invoices/${invoice.id}`,
        {
          customerId: other.body.id,
          lines: [{ description: 'Cake', quantity: 1, unitAmount: 400 }],
        },
        { headers: { 'if-match': '"1"' } },
      );
      expect(patched.status).toBe(200);
    });
    const invoiceDelete = await costOf('DELETE', '/v1/invoices/:id', async () => {
      expect((await tenant.client.delete(`/v1/invoices/${invoice.id}`)).status).toBe(200);
    });
    const figures = { productUpdate, invoiceCreate, invoiceUpdate, invoiceDelete };
    process.stdout.write(`database round trips per other writes: ${JSON.stringify(figures)}\n`);
    for (const [write, roundTrips] of Object.entries(figures)) {
      expect(`${write}: ${roundTrips}`).toBe(`${write}: ${Math.min(roundTrips, BOUND)}`);
    }
  });
});
