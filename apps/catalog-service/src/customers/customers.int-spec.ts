import type { Customer } from '@concord/model';

import { errorCodeOf, fieldsOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

type Page = { data: Customer[]; nextCursor: string | null };

const ada = {
  name: 'Ada Lovelace',
  email: 'Ada@Example.com',
  phone: '+44 20 7946 0000',
  address: { line1: '12 Analytical Row', city: 'London', country: 'GB' },
  currency: 'GBP',
  metadata: { segment: 'enterprise' },
};

describe('customers API against PostgreSQL', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function outboxCount(entityId: string): Promise<number> {
    const { rows } = await catalog.db.query(
      'SELECT count(*)::int AS n FROM outbox WHERE aggregateid = $1',
      [`${tenant.tenantId}:${entityId}`],
    );
    return rows[0].n;
  }

  async function create(body: object = ada): Promise<Customer> {
    const created = await tenant.client.post<Customer>('/v1/customers', body);
    expect(created.status).toBe(201);
    return created.body;
  }

  it('creates a customer and reads it back with its version as ETag', async () => {
    const created = await tenant.client.post<Customer>('/v1/customers', ada);
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ ...ada, tenantId: tenant.tenantId, version: 1 });
    expect(created.body.deletedAt).toBeNull();

    const read = await tenant.client.get<Customer>(`/v1/customers/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(created.body);
    expect(await outboxCount(created.body.id)).toBe(1);
  });

  it('names every invalid and unknown field, and writes nothing', async () => {
    const before = await catalog.db.query('SELECT count(*)::int AS n FROM outbox');
    const response = await tenant.client.post('/v1/customers', {
      name: '',
      email: 'not-an-email',
      phone: 'x'.repeat(41),
      address: { line1: 'x', country: 'GBR', zip: 'N1' },
      currency: 'XXX',
      metadata: { ok: 'yes', bad: 1 },
      nickname: 'Ada',
    });
    expect(response.status).toBe(400);
    expect(errorCodeOf(response)).toBe('INVALID_INPUT');
    expect(fieldsOf(response)).toEqual(
      [
        'address.country',
        'address.zip',
        'currency',
        'email',
        'metadata',
        'name',
        'nickname',
        'phone',
      ].sort(),
    );
    const after = await catalog.db.query('SELECT count(*)::int AS n FROM outbox');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('updates with If-Match, lists the changed fields, and refuses stale or missing versions', async () => {
    const customer = await create();
    const missing = await tenant.client.patch(`/v1/customers/${customer.id}`, { phone: null });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing)).toEqual(['If-Match']);

    const updated = await tenant.client.patch<Customer>(
      `/v1/customers/${customer.id}`,
      { email: 'ada@analytical.example', address: { ...ada.address, city: 'Oxford' } },
      { headers: { 'if-match': '"1"' } },
    );
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(updated.body).toMatchObject({ version: 2, email: 'ada@analytical.example' });
    const { rows } = await catalog.db.query(
      `SELECT payload FROM outbox WHERE aggregateid = $1 ORDER BY sequence`,
      [`${tenant.tenantId}:${customer.id}`],
    );
    expect(rows.map((row) => row.payload.data.changedFields)).toEqual([
      ['name', 'email', 'phone', 'address', 'currency', 'metadata'],
      ['email', 'address'],
    ]);

    const stale = await tenant.client.patch(
      `/v1/customers/${customer.id}`,
      { name: 'Countess' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect(errorCodeOf(stale)).toBe('VERSION_MISMATCH');
    expect((await tenant.client.get<Customer>(`/v1/customers/${customer.id}`)).body.name).toBe(
      ada.name,
    );
  });

  it('treats a PATCH that changes nothing as no change: same version, no event', async () => {
    const customer = await create();
    const same = await tenant.client.patch<Customer>(
      `/v1/customers/${customer.id}`,
      { name: ada.name, metadata: { segment: 'enterprise' } },
      { headers: { 'if-match': '1' } },
    );
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    expect(await outboxCount(customer.id)).toBe(1);
  });

  it('lets exactly one of two concurrent PATCHes of one version win', async () => {
    const customer = await create();
    const results = await Promise.all(
      ['First', 'Second'].map((name) =>
        tenant.client.patch<Customer>(
          `/v1/customers/${customer.id}`,
          { name },
          { headers: { 'if-match': '"1"' } },
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.status === 200);
    const current = await tenant.client.get<Customer>(`/v1/customers/${customer.id}`);
    expect(current.body).toMatchObject({ version: 2, name: winner?.body.name });
    expect(await outboxCount(customer.id)).toBe(2);
  });

  it('soft-deletes: gone from reads and lists unless includeDeleted', async () => {
    const customer = await create();
    const wrongVersion = await tenant.client.delete(`/v1/customers/${customer.id}`, {
      headers: { 'if-match': '"7"' },
    });
    expect(wrongVersion.status).toBe(412);

    const deleted = await tenant.client.delete<Customer>(`/v1/customers/${customer.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.version).toBe(2);
    expect(deleted.body.deletedAt).not.toBeNull();

    expect((await tenant.client.get(`/v1/customers/${customer.id}`)).status).toBe(404);
    const withDeleted = await tenant.client.get<Customer>(
      `/v1/customers/${customer.id}?includeDeleted=true`,
    );
    expect(withDeleted.body.deletedAt).toBe(deleted.body.deletedAt);
    expect((await tenant.client.delete(`/v1/customers/${customer.id}`)).status).toBe(404);
    const edit = await tenant.client.patch(
      `/v1/customers/${customer.id}`,
      { name: 'x' },
      { headers: { 'if-match': '"2"' } },
    );
    expect(edit.status).toBe(404);

    const ids = async (query: string) =>
      (await tenant.client.get<Page>(`/v1/customers?limit=100${query}`)).body.data.map((c) => c.id);
    expect(await ids('')).not.toContain(customer.id);
    expect(await ids('&includeDeleted=true')).toContain(customer.id);
  });

  it('returns 404 for ids that are not UUIDs', async () => {
    const response = await tenant.client.get('/v1/customers/not-a-uuid');
    expect(response.status).toBe(404);
  });

  describe('lists', () => {
    let own: TestTenant;

    beforeAll(async () => {
      own = await catalog.newTenant();
    });

    it('pages through every customer once with an opaque cursor', async () => {
      const created: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const response = await own.client.post<Customer>('/v1/customers', { name: `C${i}` });
        created.push(response.body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await own.client.get<Page>(`/v1/customers?limit=2${query}`);
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((c) => c.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual([...created].sort());
    });

    it('refuses a bad limit or cursor by name', async () => {
      const badLimit = await own.client.get('/v1/customers?limit=101');
      expect(fieldsOf(badLimit)).toEqual(['limit']);
      const badCursor = await own.client.get('/v1/customers?cursor=bm90LWEtY3Vyc29y');
      expect(badCursor.status).toBe(400);
      expect(fieldsOf(badCursor)).toEqual(['cursor']);
      const badDate = await own.client.get('/v1/customers?updatedSince=yesterday');
      expect(fieldsOf(badDate)).toEqual(['updatedSince']);
    });

    it('filters by updatedSince, email, external id and system', async () => {
      const old = await own.client.post<Customer>('/v1/customers', {
        name: 'Old',
        email: 'old@example.com',
      });
      const linked = await own.client.post<Customer>('/v1/customers', {
        name: 'Linked',
        email: 'Linked@Example.com',
      });
      await catalog.db.query(
        `UPDATE customers SET updated_at = '2020-01-01T00:00:00Z' WHERE id = $1`,
        [old.body.id],
      );
      await catalog.db.query(
        `INSERT INTO identity_links (tenant_id, entity_type, entity_id, system, external_id)
         VALUES ($1, 'customer', $2, 'stripe', 'cus_123')`,
        [own.tenantId, linked.body.id],
      );
      const names = async (query: string) =>
        (await own.client.get<Page>(`/v1/customers?limit=100&${query}`)).body.data.map(
          (c) => c.name,
        );

      const since = await names('updatedSince=2021-01-01T00:00:00Z');
      expect(since).toContain('Linked');
      expect(since).not.toContain('Old');
      expect(await names('updatedSince=2019-12-31T23:59:59Z')).toContain('Old');
      expect(await names('email=linked@example.com')).toEqual(['Linked']);
      expect(await names('system=stripe&externalId=cus_123')).toEqual(['Linked']);
      expect(await names('system=stripe')).toEqual(['Linked']);
      expect(await names('system=xero&externalId=cus_123')).toEqual([]);
      expect(await names('system=stripe&externalId=cus_999')).toEqual([]);

      const withoutSystem = await own.client.get('/v1/customers?externalId=cus_123');
      expect(fieldsOf(withoutSystem)).toEqual(['system']);
    });

    it('never lists another tenant’s customers, even by external id', async () => {
      const other = await catalog.newTenant();
      const theirs = await other.client.post<Customer>('/v1/customers', { name: 'Theirs' });
      await catalog.db.query(
        `INSERT INTO identity_links (tenant_id, entity_type, entity_id, system, external_id)
         VALUES ($1, 'customer', $2, 'stripe', 'cus_theirs')`,
        [other.tenantId, theirs.body.id],
      );
      const mine = await own.client.get<Page>('/v1/customers?limit=100');
      expect(mine.body.data.map((c) => c.id)).not.toContain(theirs.body.id);
      const byLink = await own.client.get<Page>(
        '/v1/customers?system=stripe&externalId=cus_theirs',
      );
      expect(byLink.body.data).toEqual([]);
    });
  });
});
