import type { Customer, Invoice, Product } from '@concord/model';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';
import { shiftProcessClock } from '../config/shifted-clock';

const HOUR_MS = 3_600_000;

/**
 * A replica whose clock is an hour slow still stamps records, events and field clocks with the
 * database's time: last-writer-wins compares them with the external systems' change times, and
 * another replica's records, so no process clock may decide them.
 */
describe('record times come from the database clock', () => {
  const RealDate = Date;
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
    shiftProcessClock(-HOUR_MS);
  });

  afterAll(async () => {
    globalThis.Date = RealDate;
    await catalog?.close();
  });

  async function databaseNow(): Promise<number> {
    const { rows } = await catalog.db.query('SELECT clock_timestamp() AS now');
    return new RealDate(rows[0].now).getTime();
  }

  /** Runs a write and returns the database's time just before and just after it. */
  async function between<T>(
    write: () => Promise<T>,
  ): Promise<{ result: T; from: number; to: number }> {
    const from = await databaseNow();
    const result = await write();
    const to = await databaseNow();
    return { result, from, to };
  }

  function expectWithin(time: string, window: { from: number; to: number }): void {
    const at = new RealDate(time).getTime();
    // Stored with millisecond precision: rounding may move it by under a millisecond.
    expect(at).toBeGreaterThanOrEqual(window.from - 1);
    expect(at).toBeLessThanOrEqual(window.to + 1);
  }

  async function lastEventTime(entityId: string): Promise<string> {
    const { rows } = await catalog.db.query(
      `SELECT payload->>'time' AS time FROM outbox WHERE aggregateid = $1
       ORDER BY sequence DESC LIMIT 1`,
      [`${tenant.tenantId}:${entityId}`],
    );
    return rows[0].time;
  }

  async function fieldClock(entityId: string, field: string): Promise<Date> {
    const { rows } = await catalog.db.query(
      `SELECT changed_at FROM field_clocks WHERE tenant_id = $1 AND entity_id = $2 AND field = $3`,
      [tenant.tenantId, entityId, field],
    );
    return rows[0].changed_at;
  }

  it('stamps a created, updated and deleted customer, its events and field clocks', async () => {
    const created = await between(() =>
      tenant.client.post<Customer>('/v1/customers', { name: 'Ada' }),
    );
    const customer = created.result.body;
    expect(created.result.status).toBe(201);
    expectWithin(customer.createdAt, created);
    expect(customer.updatedAt).toBe(customer.createdAt);
    expect(await lastEventTime(customer.id)).toBe(customer.updatedAt);

    const renamed = await between(() =>
      tenant.client.patch<Customer>(
        `/v1/customers/${customer.id}`,
        { name: 'Ada L.' },
        { headers: { 'if-match': '"1"' } },
      ),
    );
    expect(renamed.result.status).toBe(200);
    expectWithin(renamed.result.body.updatedAt, renamed);
    expect(await lastEventTime(customer.id)).toBe(renamed.result.body.updatedAt);
    expect((await fieldClock(customer.id, 'name')).toISOString()).toBe(
      renamed.result.body.updatedAt,
    );

    const deleted = await between(() =>
      tenant.client.delete(`/v1/customers/${customer.id}`, { headers: { 'if-match': '"2"' } }),
    );
    expect(deleted.result.status).toBe(200);
    const read = await tenant.client.get<Customer>(
      `/v1/customers/${customer.id}?includeDeleted=true`,
    );
    expectWithin(read.body.updatedAt, deleted);
    expect(read.body.deletedAt).toBe(read.body.updatedAt);
  });

  it('stamps products and invoices the same way', async () => {
    const product = await between(() =>
      tenant.client.post<Product>('/v1/products', {
        name: 'Widget',
        sku: 'W-1',
        unitPrice: { amount: 1200, currency: 'EUR' },
      }),
    );
    expect(product.result.status).toBe(201);
    expectWithin(product.result.body.updatedAt, product);

    const customer = (await tenant.client.post<Customer>('/v1/customers', { name: 'Bea' })).body;
    const invoice = await between(() =>
      tenant.client.post<Invoice>('/v1/invoices', {
        customerId: customer.id,
        number: 'INV-CLOCK-1',
        currency: 'EUR',
        issueDate: '2026-12-01',
        lines: [
          {
            productId: product.result.body.id,
            description: 'Widget',
            quantity: 2,
            unitAmount: 1200,
          },
        ],
      }),
    );
    expect(invoice.result.status).toBe(201);
    expectWithin(invoice.result.body.updatedAt, invoice);

    const due = await between(() =>
      tenant.client.patch<Invoice>(
        `/v1/invoices/${invoice.result.body.id}`,
        { dueDate: '2026-12-31' },
        { headers: { 'if-match': '"1"' } },
      ),
    );
    expect(due.result.status).toBe(200);
    expectWithin(due.result.body.updatedAt, due);
  });
});
