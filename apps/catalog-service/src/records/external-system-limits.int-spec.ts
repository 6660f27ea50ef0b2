import type { Invoice } from '@concord/model';

import { type ErrorBody, fieldsOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

/**
 * Values the external systems refuse are refused by the API first, naming the field, instead of
 * ending as permanent dead letters or silent divergence.
 */
describe('values the external systems refuse', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;
  let customerId: string;
  let productId: string;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
    customerId = (await tenant.client.post<{ id: string }>('/v1/customers', { name: 'Ada' })).body
      .id;
    productId = (
      await tenant.client.post<{ id: string }>('/v1/products', {
        name: 'Widget',
        unitPrice: { amount: 0, currency: 'USD' },
      })
    ).body.id;
  });

  afterAll(async () => {
    await catalog?.close();
  });

  function messageOf(response: { body: unknown }, field: string): string | undefined {
    return (response.body as ErrorBody).error.details?.fields?.find((f) => f.field === field)
      ?.message;
  }

  let invoiceCount = 0;
  async function invoice(status: Invoice['status']): Promise<Invoice> {
    invoiceCount += 1;
    const created = await tenant.client.post<Invoice>('/v1/invoices', {
      customerId,
      number: `INV-${invoiceCount}`,
      status,
      currency: 'USD',
      issueDate: '2026-01-01',
      lines: [{ productId, description: 'One', quantity: 1, unitAmount: 100 }],
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('refuses negative prices (a product unit price; invoice lines may still discount)', async () => {
    const product = await tenant.client.post('/v1/products', {
      name: 'Refund',
      unitPrice: { amount: -500, currency: 'USD' },
    });
    expect(product.status).toBe(400);
    expect(fieldsOf(product)).toEqual(['unitPrice.amount']);
    expect(messageOf(product, 'unitPrice.amount')).toBe('amount must not be negative');

    const patched = await tenant.client.patch(
      `/v1/products/${productId}`,
      { unitPrice: { amount: -1, currency: 'USD' } },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patched.status).toBe(400);
    expect(fieldsOf(patched)).toEqual(['unitPrice.amount']);
  });

  it.each([
    ['a key Concord reserves for identity', 'concord_id', 'reserved'],
    ['any key in the concord_ namespace', 'Concord_number', 'reserved'],
    ['a key with brackets', 'tier[0]', '"[" or "]"'],
    ['a key over 40 characters', 'k'.repeat(41), '1 to 40 characters'],
  ])('refuses metadata with %s, naming the field', async (_, key, problem) => {
    for (const [path, body] of [
      ['/v1/customers', { name: 'Ada', metadata: { [key]: 'x' } }],
      [
        '/v1/invoices',
        {
          customerId,
          number: 'INV-META',
          currency: 'USD',
          issueDate: '2026-01-01',
          lines: [],
          metadata: { [key]: 'x' },
        },
      ],
    ] as const) {
      const response = await tenant.client.post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(fieldsOf(response)).toEqual(['metadata']);
      expect(messageOf(response, 'metadata')).toContain(problem);
    }
  });

  it('keeps metadata the external systems take, up to their limits', async () => {
    const metadata = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`key_${i}`.padEnd(40, 'x'), 'v'.repeat(500)]),
    );
    const created = await tenant.client.post('/v1/customers', { name: 'Ada', metadata });
    expect(created.status).toBe(201);
    const tooMany = await tenant.client.post('/v1/customers', {
      name: 'Ada',
      metadata: { ...metadata, one_more: 'v' },
    });
    expect(messageOf(tooMany, 'metadata')).toBe('metadata must have at most 50 keys');
  });

  it('refuses invoice status changes that cannot happen, and allows the ones that can', async () => {
    const move = (record: Invoice, status: Invoice['status']) =>
      tenant.client.patch<Invoice>(
        `/v1/invoices/${record.id}`,
        { status },
        { headers: { 'if-match': `"${record.version}"` } },
      );

    const paid = await invoice('paid');
    const backToDraft = await move(paid, 'draft');
    expect(backToDraft.status).toBe(400);
    expect(fieldsOf(backToDraft)).toEqual(['status']);
    expect(messageOf(backToDraft, 'status')).toBe(
      'cannot change from paid to draft; from paid only paid',
    );
    expect((await move(paid, 'void')).status).toBe(400);

    const voided = await invoice('void');
    for (const status of ['draft', 'open', 'paid', 'uncollectible'] as const) {
      const response = await move(voided, status);
      expect({ status, answer: response.status }).toEqual({ status, answer: 400 });
    }
    expect((await move(voided, 'void')).status).toBe(200);

    const open = await invoice('open');
    expect((await move(open, 'draft')).status).toBe(400);
    const uncollectible = await move(open, 'uncollectible');
    expect(uncollectible.status).toBe(200);
    expect((await move(uncollectible.body, 'open')).status).toBe(400);
    const settled = await move(uncollectible.body, 'paid');
    expect(settled.status).toBe(200);
    expect(settled.body.status).toBe('paid');

    const { rows } = await catalog.db.query(
      'SELECT status FROM invoices WHERE id = ANY($1) ORDER BY number',
      [[paid.id, voided.id, open.id]],
    );
    expect(rows.map((row: { status: string }) => row.status)).toEqual(['paid', 'void', 'paid']);
  });
});
