import type { Customer } from '@concord/model';
import { pathVariants, rawHttpRequest } from '@concord/testing';

import { errorCodeOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

describe('authentication, scopes and tenant isolation', () => {
  let catalog: TestCatalog;
  let acme: TestTenant;
  let globex: TestTenant;
  let acmeCustomer: Customer;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    acme = await catalog.newTenant();
    globex = await catalog.newTenant();
    acmeCustomer = (await acme.client.post<Customer>('/v1/customers', { name: 'Acme customer' }))
      .body;
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function keyWithScopes(scopes: string[]): Promise<string> {
    const created = await acme.client.post<{ key: string }>('/v1/api-keys', {
      name: scopes.join('+'),
      scopes,
    });
    expect(created.status).toBe(201);
    return created.body.key;
  }

  it('answers 401 without a key, with a malformed key and with an unknown key', async () => {
    const none = await acme.client.get('/v1/customers', { key: null });
    expect(none.status).toBe(401);
    expect(errorCodeOf(none)).toBe('MISSING_CREDENTIALS');
    const malformed = await acme.client.get('/v1/customers', { key: 'hello' });
    expect(malformed.status).toBe(401);
    const [prefix, keyId] = acme.key.split('_').slice(1, 3);
    const unknown = await acme.client.get('/v1/customers', {
      key: `ck_${prefix}_${keyId}_${'A'.repeat(32)}`,
    });
    expect(unknown.status).toBe(401);
    expect(errorCodeOf(unknown)).toBe('INVALID_CREDENTIALS');
  });

  it('enforces read, write and admin scopes with 403', async () => {
    const reader = await keyWithScopes(['read']);
    const writer = await keyWithScopes(['write']);
    expect((await acme.client.get('/v1/customers', { key: reader })).status).toBe(200);
    const readerWrites = await acme.client.post('/v1/customers', { name: 'x' }, { key: reader });
    expect(readerWrites.status).toBe(403);
    expect(errorCodeOf(readerWrites)).toBe('MISSING_SCOPE');
    expect((await acme.client.post('/v1/customers', { name: 'x' }, { key: writer })).status).toBe(
      201,
    );
    expect((await acme.client.get('/v1/customers', { key: writer })).status).toBe(403);
    expect((await acme.client.get('/v1/api-keys', { key: reader })).status).toBe(403);
    expect((await acme.client.get('/v1/audit-log', { key: writer })).status).toBe(403);
  });

  it("answers 404 for another tenant's record, as for a missing one", async () => {
    const path = `/v1/customers/${acmeCustomer.id}`;
    expect((await globex.client.get(path)).status).toBe(404);
    const patch = await globex.client.patch(
      path,
      { name: 'Hijacked' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patch.status).toBe(404);
    expect((await globex.client.delete(path)).status).toBe(404);
    const stillThere = await acme.client.get<Customer>(path);
    expect(stillThere.body).toMatchObject({ name: 'Acme customer', version: 1 });
  });

  it('keeps platform administration to CONCORD_ADMIN_API_KEY', async () => {
    expect((await acme.client.get('/v1/admin/tenants')).status).toBe(403);
    expect((await acme.client.get('/v1/admin/tenants', { key: 'x'.repeat(30) })).status).toBe(401);
    const listed = await catalog.admin().get<{ data: Array<{ id: string }> }>('/v1/admin/tenants');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((t) => t.id)).toEqual(
      expect.arrayContaining([acme.tenantId, globex.tenantId]),
    );
    // The admin key is not a tenant key.
    expect((await catalog.admin().get('/v1/customers')).status).toBe(401);
    const duplicate = await catalog.admin().post('/v1/admin/tenants', {
      id: acme.tenantId,
      name: 'Again',
    });
    expect(duplicate.status).toBe(409);
  });

  it('serves health, metrics and the OpenAPI document without a key', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/docs-json']) {
      const response = await fetch(`${catalog.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    const document = (await (await fetch(`${catalog.url}/docs-json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/customers', '/v1/invoices/{id}', '/v1/api-keys/{id}/rotate']),
    );
    expect(document.components.schemas).toHaveProperty('Invoice');
  });

  it('records when a key was last used', async () => {
    const { rows } = await catalog.db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [
      acme.apiKeyId,
    ]);
    expect(rows[0].last_used_at).toBeInstanceOf(Date);
  });

  describe('a route is reached by exactly one spelling of its path', () => {
    it('answers 404 to POST and GET /V1/admin/tenants without credentials, creating no tenant', async () => {
      const before = (await catalog.admin().get<{ data: unknown[] }>('/v1/admin/tenants')).body
        .data;
      const created = await rawHttpRequest(
        catalog.url,
        'POST',
        '/V1/admin/tenants',
        {},
        JSON.stringify({ name: 'intruder' }),
      );
      expect(created.status).toBe(404);
      expect(created.body).not.toContain('apiKey');
      const listed = await rawHttpRequest(catalog.url, 'GET', '/V1/admin/tenants');
      expect(listed.status).toBe(404);
      const after = (await catalog.admin().get<{ data: unknown[] }>('/v1/admin/tenants')).body.data;
      expect(after).toHaveLength(before.length);
    });

    it.each(pathVariants('/v1/customers').map((variant) => [variant.kind, variant.path]))(
      'answers 404 (never 500, never data) to the %s variant %s, even with a valid key',
      async (_kind, path) => {
        const response = await rawHttpRequest(catalog.url, 'GET', path, {
          authorization: `Bearer ${acme.key}`,
        });
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        expect(response.body).not.toContain(acmeCustomer.id);
      },
    );
  });
});
