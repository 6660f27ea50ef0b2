import type { Customer, Invoice, Product } from '@concord/model';

import { errorCodeOf, fieldsOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

type Page = { data: Invoice[]; nextCursor: string | null };

describe('invoices API against PostgreSQL', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;
  let customer: Customer;
  let engine: Product;
  let loom: Product;
  let invoiceNumber = 0;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
    customer = (await tenant.client.post<Customer>('/v1/customers', { name: 'Ada' })).body;
    engine = (await tenant.client.post<Product>('/v1/products', { name: 'Engine' })).body;
    loom = (await tenant.client.post<Product>('/v1/products', { name: 'Loom' })).body;
  });

  afterAll(async () => {
    await catalog?.close();
  });

  function invoiceBody(overrides: object = {}) {
    invoiceNumber += 1;
    return {
      customerId: customer.id,
      number: `INV-${invoiceNumber}`,
      currency: 'GBP',
      issueDate: '2025-01-31',
      dueDate: '2025-02-28',
      lines: [
        { productId: engine.id, description: 'Engine', quantity: 3, unitAmount: 333 },
        { productId: null, description: 'Discount', quantity: 1, unitAmount: -100 },
      ],
      ...overrides,
    };
  }

  async function counts(): Promise<{ invoices: number; lines: number; outbox: number }> {
    const { rows } = await catalog.db.query(`SELECT
      (SELECT count(*)::int FROM invoices) AS invoices,
      (SELECT count(*)::int FROM invoice_lines) AS lines,
      (SELECT count(*)::int FROM outbox) AS outbox`);
    return rows[0];
  }

  it('computes line amounts and totals on the server', async () => {
    const created = await tenant.client.post<Invoice>('/v1/invoices', invoiceBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      currency: 'GBP',
      issueDate: '2025-01-31',
      dueDate: '2025-02-28',
      subtotal: 899,
      total: 899,
      lines: [
        { productId: engine.id, quantity: 3, unitAmount: 333, amount: 999 },
        { productId: null, quantity: 1, unitAmount: -100, amount: -100 },
      ],
    });
    const read = await tenant.client.get<Invoice>(`/v1/invoices/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it('rejects totals and amounts sent by the client', async () => {
    const body = invoiceBody({ subtotal: 1, total: 1 });
    const lines = [{ ...body.lines[0], amount: 5 }, body.lines[1]];
    const response = await tenant.client.post('/v1/invoices', { ...body, lines });
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(['lines.0.amount', 'subtotal', 'total']);
  });

  it('names each invalid line field', async () => {
    const response = await tenant.client.post('/v1/invoices', {
      ...invoiceBody(),
      issueDate: '2025-02-30',
      status: 'sent',
      lines: [
        { description: 'ok', quantity: 1, unitAmount: 1 },
        { description: 'bad', quantity: 0, unitAmount: 1.5, productId: 'nope' },
      ],
    });
    expect(fieldsOf(response)).toEqual([
      'issueDate',
      'lines.1.productId',
      'lines.1.quantity',
      'lines.1.unitAmount',
      'status',
    ]);
  });

  it('refuses products and customers outside the tenant and writes nothing at all', async () => {
    const other = await catalog.newTenant();
    const theirProduct = (await other.client.post<Product>('/v1/products', { name: 'Theirs' }))
      .body;
    const theirCustomer = (await other.client.post<Customer>('/v1/customers', { name: 'Them' }))
      .body;
    const before = await counts();

    const badLine = await tenant.client.post(
      '/v1/invoices',
      invoiceBody({
        lines: [
          { productId: loom.id, description: 'Loom', quantity: 1, unitAmount: 100 },
          { productId: theirProduct.id, description: 'Theirs', quantity: 1, unitAmount: 100 },
        ],
      }),
    );
    expect(badLine.status).toBe(400);
    expect(fieldsOf(badLine)).toEqual(['lines.1.productId']);

    const badCustomer = await tenant.client.post(
      '/v1/invoices',
      invoiceBody({ customerId: theirCustomer.id }),
    );
    expect(fieldsOf(badCustomer)).toEqual(['customerId']);
    expect(await counts()).toEqual(before);
  });

  it('keeps invoice numbers unique per tenant', async () => {
    const first = await tenant.client.post<Invoice>('/v1/invoices', invoiceBody());
    const again = await tenant.client.post('/v1/invoices', {
      ...invoiceBody(),
      number: first.body.number,
    });
    expect(again.status).toBe(409);
    expect(errorCodeOf(again)).toBe('ALREADY_EXISTS');

    const other = await catalog.newTenant();
    const otherCustomer = (await other.client.post<Customer>('/v1/customers', { name: 'B' })).body;
    const sameNumberElsewhere = await other.client.post('/v1/invoices', {
      ...invoiceBody({ customerId: otherCustomer.id, lines: [] }),
      number: first.body.number,
    });
    expect(sameNumberElsewhere.status).toBe(201);
  });

  it('replaces lines on PATCH, keeping ids it is given, and recomputes totals', async () => {
    const created = (await tenant.client.post<Invoice>('/v1/invoices', invoiceBody())).body;
    const [kept] = created.lines;
    const unknownId = await tenant.client.patch(
      `/v1/invoices/${created.id}`,
      {
        lines: [
          {
            id: '3b0f7a8e-0c1d-4e5f-9a6b-7c8d9e0f1a2b',
            description: 'x',
            quantity: 1,
            unitAmount: 1,
          },
        ],
      },
      { headers: { 'if-match': '"1"' } },
    );
    expect(fieldsOf(unknownId)).toEqual(['lines.0.id']);

    const updated = await tenant.client.patch<Invoice>(
      `/v1/invoices/${created.id}`,
      {
        status: 'open',
        lines: [
          {
            id: kept.id,
            productId: engine.id,
            description: 'Engine',
            quantity: 4,
            unitAmount: 333,
          },
          { productId: loom.id, description: 'Loom', quantity: 2, unitAmount: 50 },
        ],
      },
      { headers: { 'if-match': '"1"' } },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, status: 'open', subtotal: 1432, total: 1432 });
    expect(updated.body.lines[0].id).toBe(kept.id);
    expect(updated.body.lines[1].id).not.toBe(created.lines[1].id);
    const { rows } = await catalog.db.query(
      'SELECT payload FROM outbox WHERE aggregateid = $1 ORDER BY sequence DESC LIMIT 1',
      [`${tenant.tenantId}:${created.id}`],
    );
    expect(rows[0].payload.data.changedFields).toEqual(['status', 'lines', 'subtotal', 'total']);
    const lineRows = await catalog.db.query(
      'SELECT count(*)::int AS n FROM invoice_lines WHERE invoice_id = $1',
      [created.id],
    );
    expect(lineRows.rows[0].n).toBe(2);
  });

  it('filters by status and customer', async () => {
    const second = (await tenant.client.post<Customer>('/v1/customers', { name: 'Bo' })).body;
    const paid = (
      await tenant.client.post<Invoice>(
        '/v1/invoices',
        invoiceBody({ status: 'paid', customerId: second.id }),
      )
    ).body;
    const byStatus = await tenant.client.get<Page>('/v1/invoices?status=paid&limit=100');
    expect(byStatus.body.data.map((i) => i.id)).toEqual([paid.id]);
    const byCustomer = await tenant.client.get<Page>(`/v1/invoices?customerId=${second.id}`);
    expect(byCustomer.body.data.map((i) => i.id)).toEqual([paid.id]);
    expect(byCustomer.body.data[0].lines).toHaveLength(2);
    const badStatus = await tenant.client.get('/v1/invoices?status=sent');
    expect(fieldsOf(badStatus)).toEqual(['status']);
  });
});
