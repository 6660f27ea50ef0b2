import type { Customer } from '@concord/model';

import { CatalogClient, errorCodeOf, fieldsOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

describe('Idempotency-Key on record writes', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function customersNamed(name: string): Promise<number> {
    const { rows } = await catalog.db.query(
      'SELECT count(*)::int AS n FROM customers WHERE tenant_id = $1 AND name = $2',
      [tenant.tenantId, name],
    );
    return rows[0].n;
  }

  async function outboxRows(): Promise<number> {
    const { rows } = await catalog.db.query(
      'SELECT count(*)::int AS n FROM outbox WHERE tenant = $1',
      [tenant.tenantId],
    );
    return rows[0].n;
  }

  it('replays the first response for a repeated key and writes once', async () => {
    const headers = { 'idempotency-key': 'create-ada-1' };
    const eventsBefore = await outboxRows();
    const first = await tenant.client.post<Customer>(
      '/v1/customers',
      { name: 'Ada 1' },
      { headers },
    );
    const second = await tenant.client.post<Customer>(
      '/v1/customers',
      { name: 'Ada 1' },
      { headers },
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe('"1"');
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await customersNamed('Ada 1')).toBe(1);
    expect(await outboxRows()).toBe(eventsBefore + 1);
  });

  it('refuses the same key with another body or path with a 422 naming the key', async () => {
    const headers = { 'idempotency-key': 'create-ada-2' };
    await tenant.client.post('/v1/customers', { name: 'Ada 2' }, { headers });
    const otherBody = await tenant.client.post('/v1/customers', { name: 'Ada 2b' }, { headers });
    expect(otherBody.status).toBe(422);
    expect(fieldsOf(otherBody)).toEqual(['Idempotency-Key']);
    expect((otherBody.body as { error: { message: string } }).error.message).toContain(
      'create-ada-2',
    );
    const otherPath = await tenant.client.post('/v1/products', { name: 'Ada 2' }, { headers });
    expect(otherPath.status).toBe(422);
    expect(await customersNamed('Ada 2b')).toBe(0);
  });

  it('lets concurrent duplicates create exactly one record', async () => {
    const headers = { 'idempotency-key': 'create-ada-3' };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        tenant.client.post<Customer>('/v1/customers', { name: 'Ada 3' }, { headers }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await customersNamed('Ada 3')).toBe(1);
  });

  it('stores nothing for a failed request, so the key can be used again', async () => {
    const headers = { 'idempotency-key': 'create-ada-4' };
    const invalid = await tenant.client.post('/v1/customers', { name: '' }, { headers });
    expect(invalid.status).toBe(400);
    const valid = await tenant.client.post('/v1/customers', { name: 'Ada 4' }, { headers });
    expect(valid.status).toBe(201);
  });

  it('keeps keys apart per tenant', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const other = await catalog.newTenant();
    const mine = await tenant.client.post<Customer>('/v1/customers', { name: 'Mine' }, { headers });
    const theirs = await other.client.post<Customer>(
      '/v1/customers',
      { name: 'Theirs' },
      { headers },
    );
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('refuses malformed keys', async () => {
    const response = await tenant.client.post(
      '/v1/customers',
      { name: 'Ada 5' },
      { headers: { 'idempotency-key': 'x'.repeat(256) } },
    );
    expect(fieldsOf(response)).toEqual(['Idempotency-Key']);
    expect(errorCodeOf(response)).toBe('INVALID_INPUT');
  });

  it('still replays after the app restarts', async () => {
    const headers = { 'idempotency-key': 'create-ada-6' };
    const first = await tenant.client.post<Customer>(
      '/v1/customers',
      { name: 'Ada 6' },
      { headers },
    );
    await catalog.restart();
    const client = new CatalogClient(catalog.url, tenant.key);
    const replay = await client.post<Customer>('/v1/customers', { name: 'Ada 6' }, { headers });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await customersNamed('Ada 6')).toBe(1);
  });

  it('replays a PATCH and a DELETE sent again with their key, writing each once', async () => {
    const created = await tenant.client.post<Customer>('/v1/customers', { name: 'Eve 7' });
    const id = created.body.id;
    const patch = (): ReturnType<typeof tenant.client.patch<Customer>> =>
      tenant.client.patch<Customer>(
        `/v1/customers/${id}`,
        { name: 'Eve 7b' },
        { headers: { 'if-match': '"1"', 'idempotency-key': 'patch-eve-7' } },
      );
    const first = await patch();
    const again = await patch();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('etag')).toBe('"2"');
    const remove = (): ReturnType<typeof tenant.client.delete<Customer>> =>
      tenant.client.delete<Customer>(`/v1/customers/${id}`, {
        headers: { 'idempotency-key': 'delete-eve-7' },
      });
    const deleted = await remove();
    const deletedAgain = await remove();
    expect(deleted.status).toBe(200);
    expect(deletedAgain.status).toBe(200);
    expect(deletedAgain.body).toEqual(deleted.body);
    expect(deletedAgain.headers.get('idempotent-replayed')).toBe('true');
    const { rows } = await catalog.db.query(
      `SELECT type FROM outbox WHERE tenant = $1 AND payload->>'subject' = $2 ORDER BY sequence`,
      [tenant.tenantId, id],
    );
    expect(rows.map((row: { type: string }) => row.type.split('.').pop())).toEqual([
      'created',
      'updated',
      'deleted',
    ]);
    // The PATCH key on another change of the same record is a 422, not a replay.
    const reused = await tenant.client.patch(
      `/v1/customers/${id}`,
      { name: 'Eve 7c' },
      { headers: { 'if-match': '"2"', 'idempotency-key': 'patch-eve-7' } },
    );
    expect(reused.status).toBe(422);
  });
});
