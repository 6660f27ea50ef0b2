import type { Product } from '@concord/model';

import { fieldsOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

type Page = { data: Product[]; nextCursor: string | null };

describe('products API against PostgreSQL', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('creates a product with a price in minor units and defaults the rest', async () => {
    const created = await tenant.client.post<Product>('/v1/products', {
      name: 'Difference Engine',
      unitPrice: { amount: 1999, currency: 'GBP' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Difference Engine',
      description: null,
      sku: null,
      active: true,
      unitPrice: { amount: 1999, currency: 'GBP' },
      version: 1,
    });
    const read = await tenant.client.get<Product>(`/v1/products/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it('keeps amounts beyond 32 bits exact', async () => {
    const amount = 9_007_199_254_740_991;
    const created = await tenant.client.post<Product>('/v1/products', {
      name: 'Expensive',
      unitPrice: { amount, currency: 'JPY' },
    });
    const read = await tenant.client.get<Product>(`/v1/products/${created.body.id}`);
    expect(read.body.unitPrice).toEqual({ amount, currency: 'JPY' });
  });

  it('refuses decimal amounts and unknown currencies by field', async () => {
    const response = await tenant.client.post('/v1/products', {
      name: 'Bad',
      unitPrice: { amount: 19.99, currency: 'usd' },
      active: 'yes',
    });
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(['active', 'unitPrice.amount', 'unitPrice.currency']);
  });

  it('clears the price with null and archives with active=false', async () => {
    const created = await tenant.client.post<Product>('/v1/products', {
      name: 'Loom',
      sku: 'LOOM-1',
      unitPrice: { amount: 500, currency: 'EUR' },
    });
    const updated = await tenant.client.patch<Product>(
      `/v1/products/${created.body.id}`,
      { unitPrice: null, active: false },
      { headers: { 'if-match': '"1"' } },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ unitPrice: null, active: false, version: 2 });
    const { rows } = await catalog.db.query(
      'SELECT payload FROM outbox WHERE aggregateid = $1 ORDER BY sequence DESC LIMIT 1',
      [`${tenant.tenantId}:${created.body.id}`],
    );
    expect(rows[0].payload.data.changedFields).toEqual(['active', 'unitPrice']);

    const bySku = await tenant.client.get<Page>('/v1/products?sku=LOOM-1');
    expect(bySku.body.data.map((p) => p.id)).toEqual([created.body.id]);
  });

  it('keeps metadata: created with the product, replaced as a whole by PATCH, listed and in every event', async () => {
    const created = await tenant.client.post<Product>('/v1/products', {
      name: 'Jacquard Loom',
      sku: 'JAC-1',
      metadata: { colour: 'oak', warehouse: 'lyon' },
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata).toEqual({ colour: 'oak', warehouse: 'lyon' });
    const plain = await tenant.client.post<Product>('/v1/products', { name: 'Shuttle' });
    expect(plain.body.metadata).toEqual({});

    const updated = await tenant.client.patch<Product>(
      `/v1/products/${created.body.id}`,
      { metadata: { colour: 'walnut' } },
      { headers: { 'if-match': '"1"' } },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, metadata: { colour: 'walnut' } });
    const same = await tenant.client.patch<Product>(
      `/v1/products/${created.body.id}`,
      { metadata: { colour: 'walnut' } },
      { headers: { 'if-match': '"2"' } },
    );
    expect(same.body.version).toBe(2);

    const read = await tenant.client.get<Product>(`/v1/products/${created.body.id}`);
    expect(read.body.metadata).toEqual({ colour: 'walnut' });
    const listed = await tenant.client.get<Page>('/v1/products?sku=JAC-1');
    expect(listed.body.data.map((p) => p.metadata)).toEqual([{ colour: 'walnut' }]);

    const { rows } = await catalog.db.query(
      'SELECT payload FROM outbox WHERE aggregateid = $1 ORDER BY sequence',
      [`${tenant.tenantId}:${created.body.id}`],
    );
    expect(
      rows.map((row) => [row.payload.data.changedFields, row.payload.data.entity.metadata]),
    ).toEqual([
      [
        ['name', 'description', 'sku', 'active', 'unitPrice', 'metadata'],
        { colour: 'oak', warehouse: 'lyon' },
      ],
      [['metadata'], { colour: 'walnut' }],
    ]);
  });

  it('refuses bad metadata by field and writes nothing', async () => {
    const before = await catalog.db.query('SELECT count(*)::int AS n FROM outbox');
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    for (const metadata of [
      { ok: 'yes', bad: 1 },
      { concord_id: 'mine' },
      { ['k'.repeat(41)]: 'v' },
      { long: 'x'.repeat(501) },
      tooMany,
      ['not', 'a', 'map'],
    ]) {
      const response = await tenant.client.post('/v1/products', { name: 'Bad', metadata });
      expect([response.status, fieldsOf(response)]).toEqual([400, ['metadata']]);
    }
    const product = await tenant.client.post<Product>('/v1/products', { name: 'Good' });
    const patch = await tenant.client.patch(
      `/v1/products/${product.body.id}`,
      { metadata: null },
      { headers: { 'if-match': '"1"' } },
    );
    expect([patch.status, fieldsOf(patch)]).toEqual([400, ['metadata']]);
    const after = await catalog.db.query('SELECT count(*)::int AS n FROM outbox');
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });
});
