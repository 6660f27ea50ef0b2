import type { Customer } from '@concord/model';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

/**
 * Field clocks are written by the record write's own statement, set-based (no trigger): one row
 * per changed top-level field and origin, at the record's database time; and the event stored
 * beside them carries the very record the API answered.
 */
describe('field clocks and events written with the record', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function clocksOf(id: string): Promise<Record<string, string>> {
    const { rows } = await catalog.db.query<{ field: string; origin: string; at: string }>(
      `SELECT field, origin, to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM field_clocks WHERE tenant_id = $1 AND entity_type = 'customer' AND entity_id = $2`,
      [tenant.tenantId, id],
    );
    return Object.fromEntries(rows.map((row) => [`${row.origin}:${row.field}`, row.at]));
  }

  async function lastEventOf(id: string): Promise<{ time: string; entity: unknown }> {
    const { rows } = await catalog.db.query<{
      payload: { time: string; data: { entity: unknown } };
    }>(
      `SELECT payload FROM outbox WHERE tenant = $1 AND payload->>'subject' = $2
       ORDER BY sequence DESC LIMIT 1`,
      [tenant.tenantId, id],
    );
    const payload = rows[0]?.payload;
    if (!payload) throw new Error(`no event for ${id}`);
    return { time: payload.time, entity: payload.data.entity };
  }

  it('keeps no trigger on the outbox for them', async () => {
    const { rows } = await catalog.db.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'outbox'::regclass AND NOT tgisinternal`,
    );
    expect(rows.map((row: { tgname: string }) => row.tgname)).toEqual(['outbox_notify']);
  });

  it('stamps every field on create and only the changed ones on update', async () => {
    const created = await tenant.client.post<Customer>('/v1/customers', {
      name: 'Clock',
      email: 'clock@example.com',
      address: { line1: '1 Main St', country: 'DE' },
    });
    expect(created.status).toBe(201);
    const customer = created.body;
    const atCreate = await clocksOf(customer.id);
    expect(atCreate).toEqual({
      'catalog:name': customer.updatedAt,
      'catalog:email': customer.updatedAt,
      'catalog:phone': customer.updatedAt,
      'catalog:address': customer.updatedAt,
      'catalog:currency': customer.updatedAt,
      'catalog:metadata': customer.updatedAt,
    });
    expect(await lastEventOf(customer.id)).toEqual({ time: customer.updatedAt, entity: customer });

    const patched = await tenant.client.patch<Customer>(
      `/v1/customers/${customer.id}`,
      { name: 'Clock 2', address: { line1: '2 Main St', country: 'DE' } },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patched.status).toBe(200);
    const updated = patched.body;
    expect(updated.updatedAt > customer.updatedAt).toBe(true);
    expect(updated.createdAt).toBe(customer.createdAt);
    expect(await clocksOf(customer.id)).toEqual({
      ...atCreate,
      'catalog:name': updated.updatedAt,
      'catalog:address': updated.updatedAt,
    });
    expect(await lastEventOf(customer.id)).toEqual({ time: updated.updatedAt, entity: updated });

    const deleted = await tenant.client.delete<Customer>(`/v1/customers/${customer.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedAt).toBe(deleted.body.updatedAt);
    expect(await lastEventOf(customer.id)).toEqual({
      time: deleted.body.updatedAt,
      entity: deleted.body,
    });
  });
});
