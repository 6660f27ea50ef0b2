import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

type Page = {
  data: Array<{ id: string; name?: string; number?: string }>;
  nextCursor: string | null;
};

/** `?q=`: what an operator types in the console's search box, on each record list. */
describe('record lists searched with q', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
    for (const [name, email] of [
      ['Ada Lovelace', 'ada@analytical.example'],
      ['Grace Hopper', 'grace@navy.example'],
      ['100% Cotton Ltd', 'sales@cotton.example'],
    ]) {
      ids[name] = (
        await tenant.client.post<{ id: string }>('/v1/customers', { name, email })
      ).body.id;
    }
    for (const [name, sku] of [
      ['Difference Engine', 'ENG-001'],
      ['Analytical Engine', 'ENG-002'],
      ['Punch cards', 'CARD_10'],
    ]) {
      ids[name] = (
        await tenant.client.post<{ id: string }>('/v1/products', {
          name,
          sku,
          unitPrice: { amount: 1000, currency: 'GBP' },
        })
      ).body.id;
    }
    for (const number of ['INV-2026-0001', 'INV-2026-0002', 'CN-2026-0001']) {
      const invoice = await tenant.client.post<{ id: string }>('/v1/invoices', {
        customerId: ids['Ada Lovelace'],
        number,
        currency: 'GBP',
        issueDate: '2026-01-31',
        lines: [{ description: 'Consulting', quantity: 1, unitAmount: 500 }],
      });
      expect(invoice.status).toBe(201);
      ids[number] = invoice.body.id;
    }
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function found(path: string, q: string): Promise<string[]> {
    const page = await tenant.client.get<Page>(`${path}?q=${encodeURIComponent(q)}`);
    expect(page.status).toBe(200);
    return page.body.data.map((record) => record.id).sort();
  }

  it('finds customers by part of the name or email, in any case', async () => {
    expect(await found('/v1/customers', 'lovelace')).toEqual([ids['Ada Lovelace']]);
    expect(await found('/v1/customers', 'NAVY.example')).toEqual([ids['Grace Hopper']]);
    expect(await found('/v1/customers', 'nobody')).toEqual([]);
  });

  it('finds products by name or SKU, and invoices by number', async () => {
    expect(await found('/v1/products', 'engine')).toEqual(
      [ids['Difference Engine'], ids['Analytical Engine']].sort(),
    );
    expect(await found('/v1/products', 'eng-002')).toEqual([ids['Analytical Engine']]);
    expect(await found('/v1/invoices', 'inv-2026')).toEqual(
      [ids['INV-2026-0001'], ids['INV-2026-0002']].sort(),
    );
  });

  it('matches % and _ as themselves, not as wildcards', async () => {
    expect(await found('/v1/customers', '100%')).toEqual([ids['100% Cotton Ltd']]);
    expect(await found('/v1/customers', '%')).toEqual([ids['100% Cotton Ltd']]);
    expect(await found('/v1/products', 'D_1')).toEqual([ids['Punch cards']]);
    expect(await found('/v1/products', '_')).toEqual([ids['Punch cards']]);
  });

  it('refuses an overlong q, naming it', async () => {
    const overlong = await tenant.client.get<{
      error: { details: { fields: Array<{ field: string }> } };
    }>(`/v1/customers?q=${'x'.repeat(201)}`);
    expect(overlong.status).toBe(400);
    expect(overlong.body.error.details.fields.map((f) => f.field)).toEqual(['q']);
  });
});
