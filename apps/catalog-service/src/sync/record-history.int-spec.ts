import { randomUUID } from 'node:crypto';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

type Page = {
  data: Array<{ id: string; entityId: string | null; kind: string }>;
  nextCursor: string | null;
};

/**
 * A record's history in the console is `GET /v1/sync/activity?entityId=`: its own events, however
 * many newer events of other records of its type there are.
 */
describe('GET /v1/sync/activity?entityId= (one record history)', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function insertActivity(entityId: string, kind: string, at: Date): Promise<string> {
    const id = randomUUID();
    await catalog.db.query(
      `INSERT INTO activity (id, tenant_id, system, entity_type, entity_id, kind, created_at)
       VALUES ($1, $2, 'stripe', 'customer', $3, $4, $5)`,
      [id, tenant.tenantId, entityId, kind, at],
    );
    return id;
  }

  it("lists only that record's events, newest first, even behind 150 newer ones of others", async () => {
    const grace = randomUUID();
    const start = Date.now() - 3_600_000;
    const created = await insertActivity(grace, 'inbound.created', new Date(start));
    const synced = await insertActivity(grace, 'outcome.synced', new Date(start + 1000));
    for (let i = 0; i < 150; i += 1) {
      await insertActivity(randomUUID(), 'outcome.synced', new Date(start + 2000 + i));
    }

    const page = await tenant.client.get<Page>(`/v1/sync/activity?entityId=${grace}&limit=100`);
    expect(page.status).toBe(200);
    expect(page.body.data.map((item) => [item.id, item.entityId, item.kind])).toEqual([
      [synced, grace, 'outcome.synced'],
      [created, grace, 'inbound.created'],
    ]);
    expect(page.body.nextCursor).toBeNull();
  });

  it("names each event's record as a person would: its name, or the invoice number", async () => {
    const customer = await tenant.client.post<{ id: string }>('/v1/customers', {
      name: 'Grace Hopper',
    });
    const invoice = await tenant.client.post<{ id: string }>('/v1/invoices', {
      customerId: customer.body.id,
      number: 'INV-0042',
      currency: 'GBP',
      issueDate: '2026-01-31',
      lines: [{ description: 'Consulting', quantity: 1, unitAmount: 500 }],
    });
    expect(invoice.status).toBe(201);
    await insertActivity(customer.body.id, 'outcome.synced', new Date());
    await catalog.db.query(
      `INSERT INTO activity (id, tenant_id, system, entity_type, entity_id, kind)
       VALUES ($1, $2, 'stripe', 'invoice', $3, 'outcome.synced')`,
      [randomUUID(), tenant.tenantId, invoice.body.id],
    );

    const labels = async (entityId: string) =>
      (
        await tenant.client.get<{ data: Array<{ entityLabel: string | null }> }>(
          `/v1/sync/activity?entityId=${entityId}`,
        )
      ).body.data.map((item) => item.entityLabel);
    expect(await labels(customer.body.id)).toEqual(['Grace Hopper']);
    expect(await labels(invoice.body.id)).toEqual(['Invoice INV-0042']);
  });

  it('refuses an entityId that is not a record id, naming the field', async () => {
    const page = await tenant.client.get<{ details?: { fields?: Record<string, unknown> } }>(
      '/v1/sync/activity?entityId=not-a-uuid',
    );
    expect(page.status).toBe(400);
    expect(JSON.stringify(page.body)).toContain('entityId');
  });
});
