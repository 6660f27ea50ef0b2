import {
  CatalogConsumerGroups,
  CatalogTopics,
  connectorInboundTopic,
  connectorOutcomeTopic,
  deadLetterTopic,
  type InboundChange,
  inboundChangeKey,
  type SyncOutcome,
  syncOutcomeKey,
} from '@concord/model';
import { anInboundChange, aSyncOutcome, eventually } from '@concord/testing';

import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';
import { CATALOG_RETRY_TOPIC } from '../sync-topics';

jest.setTimeout(120_000);

describe('inbound applier (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let tenant: TestTenant;
  let connectionId: string;

  const inbound = (overrides: Parameters<typeof anInboundChange>[0] = {}): InboundChange =>
    anInboundChange({ tenant: tenant.tenantId, connectionId, system: 'stripe', ...overrides });

  async function send(change: InboundChange): Promise<string> {
    await catalog.publish(
      catalog.topic(connectorInboundTopic(change.data.system)),
      inboundChangeKey(change.tenant, change.data.externalId),
      change,
    );
    return catalog.applied(change.tenant, change.data.system, change.data.sourceEventId);
  }

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    await catalog.addConnector('stripe');
  });

  beforeEach(async () => {
    tenant = await catalog.newTenant();
    const view = await catalog.connect(tenant, 'stripe', {
      enabled: true,
      direction: 'both',
      matchingKeys: { customer: ['email'] },
    });
    connectionId = view.connectionId;
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('creates a record from an inbound upsert and publishes its catalog event with origin = the system', async () => {
    const events = await catalog.collect(catalog.topic(CatalogTopics.customer));
    const change = inbound({ content: { name: 'Grace Hopper', email: 'grace@example.com' } });

    expect(await send(change)).toBe('created');

    const list = await tenant.client.get<{
      data: Array<{ id: string; name: string; version: number }>;
    }>(`/v1/customers?system=stripe&externalId=${change.data.externalId}`);
    expect(list.body.data).toEqual([
      expect.objectContaining({ name: 'Grace Hopper', email: 'grace@example.com', version: 1 }),
    ]);
    const event = await events.waitFor(
      (m) => m.key === `${tenant.tenantId}:${list.body.data[0].id}`,
      20_000,
    );
    expect(event.value).toMatchObject({
      type: 'concord.catalog.customer.created',
      origin: 'stripe',
      data: { operation: 'created', entity: { name: 'Grace Hopper' } },
    });
    expect(event.headers['x-origin']).toBe('stripe');
  });

  interface CustomerView {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    version: number;
  }

  async function customersOf(t: TestTenant): Promise<CustomerView[]> {
    const list = await t.client.get<{ data: CustomerView[] }>('/v1/customers?limit=100');
    return list.body.data;
  }

  async function outboxCount(t: TestTenant): Promise<number> {
    const { rows } = await catalog.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE tenant = $1 AND aggregatetype = 'customer'",
      [t.tenantId],
    );
    return rows[0].n;
  }

  async function sendOutcome(outcome: SyncOutcome): Promise<void> {
    await catalog.publish(
      catalog.topic(connectorOutcomeTopic(outcome.data.system)),
      syncOutcomeKey(outcome.tenant, outcome.data.entityId),
      outcome,
    );
  }

  it('takes a product’s metadata from the system, on create and on update, into its catalog event', async () => {
    const events = await catalog.collect(catalog.topic(CatalogTopics.product));
    const created = inbound({
      entityType: 'product',
      externalId: 'prod_meta',
      content: { name: 'Loom', active: true, metadata: { colour: 'oak' } },
    });
    expect(await send(created)).toBe('created');
    const updated = inbound({
      entityType: 'product',
      externalId: 'prod_meta',
      content: { name: 'Loom', active: true, metadata: { colour: 'walnut', size: 'L' } },
    });
    expect(await send(updated)).toBe('updated');

    const list = await tenant.client.get<{
      data: Array<{ id: string; metadata: Record<string, string>; version: number }>;
    }>('/v1/products?system=stripe&externalId=prod_meta');
    expect(list.body.data).toEqual([
      expect.objectContaining({ metadata: { colour: 'walnut', size: 'L' }, version: 2 }),
    ]);
    const event = await events.waitFor(
      (m) =>
        m.key === `${tenant.tenantId}:${list.body.data[0].id}` &&
        (m.value as { data: { operation: string } }).data.operation === 'updated',
      20_000,
    );
    expect(event.value).toMatchObject({
      origin: 'stripe',
      data: { changedFields: ['metadata'], entity: { metadata: { colour: 'walnut', size: 'L' } } },
    });
  });

  it('applies a duplicated source event once', async () => {
    const change = inbound({ content: { name: 'Ada', email: 'ada@example.com' } });
    expect(await send(change)).toBe('created');
    // The same source event again (a connector redelivery), then a marker on the same key.
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, change.data.externalId),
      { ...change, id: anInboundChange().id, data: { ...change.data, content: { name: 'Eve' } } },
    );
    const marker = inbound({
      externalId: change.data.externalId,
      content: { name: 'Ada L.', email: 'ada@example.com' },
    });
    expect(await send(marker)).toBe('updated');

    const customers = await customersOf(tenant);
    expect(customers).toEqual([
      expect.objectContaining({ name: 'Ada L.', email: 'ada@example.com', version: 2 }),
    ]);
    expect(await outboxCount(tenant)).toBe(2);
  });

  it('applies nothing for a change equal to the record as held, read again: no inbox row, no event, no activity', async () => {
    const created = inbound({
      externalId: 'cus_same',
      externalVersion: '1',
      content: { name: 'Same', email: 'same@example.com' },
    });
    expect(await send(created)).toBe('created');
    const before = await outboxCount(tenant);

    // The same state read again (a listing run, a redelivery under another event id).
    const echo = inbound({
      externalId: 'cus_same',
      externalVersion: '1',
      changedAt: created.data.changedAt,
      content: { email: 'same@example.com', name: 'Same' },
    });
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, 'cus_same'),
      echo,
    );
    // A marker on the same key (same partition, after the echo) tells when the echo was consumed.
    const marker = inbound({
      externalId: 'cus_same',
      externalVersion: '3',
      content: { name: 'Same again' },
    });
    expect(await send(marker)).toBe('updated');

    const [customer] = await customersOf(tenant);
    expect(customer).toMatchObject({ name: 'Same again', version: 2 });
    expect(await outboxCount(tenant)).toBe(before + 1);
    const inbox = await catalog.db.query(
      'SELECT 1 FROM inbox WHERE tenant_id = $1 AND source_event_id = $2',
      [tenant.tenantId, echo.data.sourceEventId],
    );
    expect(inbox.rows).toEqual([]);
    const activity = await catalog.db.query<{ kind: string }>(
      `SELECT kind FROM activity WHERE tenant_id = $1 AND external_id = 'cus_same' ORDER BY created_at`,
      [tenant.tenantId],
    );
    expect(activity.rows.map((row) => row.kind)).toEqual(['inbound.created', 'inbound.updated']);
    const { rows } = await catalog.db.query(
      `SELECT external_version FROM identity_links WHERE tenant_id = $1 AND external_id = 'cus_same'`,
      [tenant.tenantId],
    );
    expect(rows).toEqual([{ external_version: '3' }]);
    const sync = await tenant.client.get<{ systems: Array<{ system: string; state: string }> }>(
      `/v1/customers/${customer.id}/sync`,
    );
    expect(sync.body.systems).toEqual([
      expect.objectContaining({ system: 'stripe', state: 'synced' }),
    ]);
  });

  it('publishes nothing for a change equal to the current content, but records the link', async () => {
    const created = inbound({
      externalId: 'cus_same',
      externalVersion: '1',
      content: { name: 'Same', email: 'same@example.com' },
    });
    expect(await send(created)).toBe('created');
    const before = await outboxCount(tenant);

    const again = inbound({
      externalId: 'cus_same',
      externalVersion: '2',
      content: { email: 'same@example.com', name: 'Same' },
    });
    expect(await send(again)).toBe('unchanged');

    const [customer] = await customersOf(tenant);
    expect(customer.version).toBe(1);
    expect(await outboxCount(tenant)).toBe(before);
    const { rows } = await catalog.db.query(
      `SELECT external_version FROM identity_links WHERE tenant_id = $1 AND external_id = 'cus_same'`,
      [tenant.tenantId],
    );
    expect(rows).toEqual([{ external_version: '2' }]);
    const sync = await tenant.client.get<{ systems: Array<{ system: string; state: string }> }>(
      `/v1/customers/${customer.id}/sync`,
    );
    expect(sync.body.systems).toEqual([
      expect.objectContaining({ system: 'stripe', state: 'synced' }),
    ]);
  });

  it('links an external record to the local one with the same email instead of duplicating it', async () => {
    const local = await tenant.client.post<CustomerView>('/v1/customers', {
      name: 'Local Lin',
      email: 'Lin@Example.com',
    });
    const change = inbound({
      externalId: 'cus_lin',
      content: { name: 'Local Lin', email: 'lin@example.com', phone: '+44 20 7946 0000' },
    });

    expect(await send(change)).toBe('linked');

    const customers = await customersOf(tenant);
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ id: local.body.id });
    const sync = await tenant.client.get<{
      systems: Array<{ system: string; externalId: string }>;
    }>(`/v1/customers/${local.body.id}/sync`);
    expect(sync.body.systems).toEqual([
      expect.objectContaining({ system: 'stripe', externalId: 'cus_lin' }),
    ]);
  });

  describe('an external record carrying the catalog id Concord wrote into it, before the outcome of that write is applied', () => {
    it('is that record: linked, not created again, even with no matching key to find it by', async () => {
      const local = await tenant.client.post<CustomerView>('/v1/customers', {
        name: 'Exported Ed',
      });
      const change = inbound({
        externalId: 'cus_exported',
        catalogId: local.body.id,
        reason: 'backfill',
        content: { name: 'Exported Ed' },
      });

      expect(await send(change)).toBe('linked');

      const customers = await customersOf(tenant);
      expect(customers.map((c) => c.id)).toEqual([local.body.id]);
      const sync = await tenant.client.get<{
        systems: Array<{ system: string; externalId: string }>;
      }>(`/v1/customers/${local.body.id}/sync`);
      expect(sync.body.systems).toEqual([
        expect.objectContaining({ system: 'stripe', externalId: 'cus_exported' }),
      ]);
    });

    it('is a new record when the id it carries is already linked to another record of the system', async () => {
      const local = await tenant.client.post<CustomerView>('/v1/customers', { name: 'Twin Tam' });
      expect(
        await send(
          inbound({
            externalId: 'cus_first',
            catalogId: local.body.id,
            content: { name: 'Twin Tam' },
          }),
        ),
      ).toBe('linked');

      // A copy made in the system, id field and all: the first record keeps the catalog record.
      const copy = inbound({
        externalId: 'cus_copy',
        catalogId: local.body.id,
        content: { name: 'Twin Tam copy' },
      });
      expect(await send(copy)).toBe('created');

      expect((await customersOf(tenant)).map((c) => c.name).sort()).toEqual([
        'Twin Tam',
        'Twin Tam copy',
      ]);
    });

    it('does not bring back a record deleted in the catalog', async () => {
      const local = await tenant.client.post<CustomerView>('/v1/customers', { name: 'Gone Gil' });
      await tenant.client.delete(`/v1/customers/${local.body.id}`);

      const change = inbound({
        externalId: 'cus_gone',
        catalogId: local.body.id,
        content: { name: 'Gone Gil' },
      });
      expect(await send(change)).toBe('ignored');
      expect(await customersOf(tenant)).toEqual([]);
    });
  });

  it('drops a change older than the one last applied from the system', async () => {
    const newer = inbound({
      externalId: 'cus_order',
      externalVersion: '5',
      changedAt: '2030-01-01T10:00:00.000Z',
      content: { name: 'Newer name' },
    });
    expect(await send(newer)).toBe('created');
    const older = inbound({
      externalId: 'cus_order',
      externalVersion: '4',
      changedAt: '2030-01-01T09:00:00.000Z',
      content: { name: 'Older name' },
    });

    expect(await send(older)).toBe('stale');

    const [customer] = await customersOf(tenant);
    expect(customer).toMatchObject({ name: 'Newer name', version: 1 });
  });

  it('refuses an inbound invoice renumbered to a number the tenant already uses, as the API does: dead-lettered at once', async () => {
    expect(await send(inbound({ externalId: 'cus_dup', content: { name: 'Dup Customer' } }))).toBe(
      'created',
    );
    const [customer] = await customersOf(tenant);
    const made = await tenant.client.post('/v1/invoices', {
      customerId: customer.id,
      number: 'INV-DUP-1',
      currency: 'EUR',
      issueDate: '2030-01-01',
      lines: [{ productId: null, description: 'Setup', quantity: 1, unitAmount: 100 }],
    });
    expect(made.status).toBe(201);
    const invoiceContent = (number: string) => ({
      customerExternalId: 'cus_dup',
      number,
      status: 'draft' as const,
      currency: 'EUR',
      issueDate: '2030-01-02',
      lines: [
        {
          productExternalId: null,
          description: 'Other',
          quantity: 1,
          unitAmount: 700,
          amount: 700,
        },
      ],
      subtotal: 700,
      total: 700,
    });
    const other = { entityType: 'invoice' as const, externalId: 'in_other' };
    expect(await send(inbound({ ...other, content: invoiceContent('INV-OTHER-1') }))).toBe(
      'created',
    );
    const retries = await catalog.collect(catalog.topic(CATALOG_RETRY_TOPIC));
    const deadLetters = await catalog.collect(
      catalog.topic(deadLetterTopic(CatalogConsumerGroups.inbound)),
    );
    const key = inboundChangeKey(tenant.tenantId, 'in_other');
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      key,
      inbound({ ...other, content: invoiceContent('INV-DUP-1') }),
    );
    const letter = await deadLetters.waitFor((m) => m.key === key, 30_000);
    expect(letter.headers).toMatchObject({
      'x-dlq-error-code': 'ALREADY_EXISTS',
      'x-dlq-error-message': 'Invoice number "INV-DUP-1" is already used in this tenant',
      'x-dlq-attempts': '1',
    });
    expect(retries.messages.filter((m) => m.key === key)).toEqual([]);
    const invoices = await tenant.client.get<{ data: Array<{ number: string }> }>('/v1/invoices');
    expect(invoices.body.data.map((i) => i.number).sort()).toEqual(['INV-DUP-1', 'INV-OTHER-1']);
  });

  it('never creates an invoice before its customer is linked: it retries until it is', async () => {
    const retries = await catalog.collect(catalog.topic(CATALOG_RETRY_TOPIC));
    const invoice = inbound({
      entityType: 'invoice',
      externalId: 'in_1',
      content: {
        customerExternalId: 'cus_late',
        number: 'INV-LATE-1',
        status: 'open',
        currency: 'EUR',
        issueDate: '2030-01-01',
        lines: [
          {
            productExternalId: null,
            description: 'Consulting',
            quantity: 2,
            unitAmount: 5000,
            amount: 10000,
          },
        ],
        subtotal: 10000,
        total: 10000,
      },
    });
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, 'in_1'),
      invoice,
    );
    await retries.waitFor((m) => m.key === inboundChangeKey(tenant.tenantId, 'in_1'), 30_000);
    const early = await tenant.client.get<{ data: unknown[] }>('/v1/invoices');
    expect(early.body.data).toEqual([]);

    expect(
      await send(inbound({ externalId: 'cus_late', content: { name: 'Late Customer' } })),
    ).toBe('created');

    expect(await catalog.applied(tenant.tenantId, 'stripe', invoice.data.sourceEventId)).toBe(
      'created',
    );
    const [customer] = await customersOf(tenant);
    const invoices = await tenant.client.get<{
      data: Array<{ customerId: string; total: number }>;
    }>('/v1/invoices');
    expect(invoices.body.data).toEqual([
      expect.objectContaining({ customerId: customer.id, number: 'INV-LATE-1', total: 10000 }),
    ]);
  });

  it('records outcomes in the identity map and the sync state, ignoring older versions', async () => {
    const created = await tenant.client.post<CustomerView>('/v1/customers', {
      name: 'Outcome Olga',
    });
    const id = created.body.id;
    await sendOutcome(
      aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId,
        entityId: id,
        entityVersion: 1,
        status: 'synced',
        externalId: 'cus_olga',
        externalVersion: '11',
      }),
    );
    await eventually(async () => {
      const sync = await tenant.client.get<{ systems: unknown[] }>(`/v1/customers/${id}/sync`);
      expect(sync.body.systems).toEqual([
        expect.objectContaining({
          system: 'stripe',
          externalId: 'cus_olga',
          externalVersion: '11',
          state: 'synced',
          entityVersion: 1,
        }),
      ]);
    });

    const patched = await tenant.client.patch<CustomerView>(
      `/v1/customers/${id}`,
      { phone: '+1 555 0100' },
      { headers: { 'if-match': '1' } },
    );
    expect(patched.status).toBe(200);
    await sendOutcome(
      aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId,
        entityId: id,
        entityVersion: 2,
        status: 'failed',
        externalId: null,
      }),
    );
    // An outcome of version 1 arriving late must not overwrite the answer for version 2.
    const late = aSyncOutcome({
      tenant: tenant.tenantId,
      connectionId,
      entityId: id,
      entityVersion: 1,
      status: 'synced',
      externalId: 'cus_olga',
    });
    await sendOutcome(late);
    // Same key, same partition: once this marker is recorded, the late outcome was handled.
    await sendOutcome(
      aSyncOutcome({
        tenant: tenant.tenantId,
        connectionId,
        entityId: id,
        entityVersion: 2,
        status: 'skipped',
        externalId: null,
      }),
    );
    await eventually(async () => {
      const { rows } = await catalog.db.query(
        `SELECT kind FROM activity WHERE tenant_id = $1 AND entity_id = $2 ORDER BY created_at`,
        [tenant.tenantId, id],
      );
      expect(rows.map((r) => r.kind)).toEqual([
        'outcome.synced',
        'outcome.failed',
        'outcome.skipped',
      ]);
    });
    const sync = await tenant.client.get<{ systems: unknown[] }>(`/v1/customers/${id}/sync`);
    expect(sync.body.systems).toEqual([
      expect.objectContaining({
        externalId: 'cus_olga',
        state: 'failed',
        entityVersion: 2,
        lastError: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
      }),
    ]);
  });

  describe("a listing of the system read before Concord wrote the catalog's edit there", () => {
    /** The connector's report that it wrote this version of the record as `externalId`. */
    const syncedAs = (entityId: string, entityVersion: number, externalId: string) =>
      aSyncOutcome({ tenant: tenant.tenantId, connectionId, entityId, entityVersion, externalId });

    async function editedAndWritten(): Promise<{ id: string; createdAt: Date; listedAt: Date }> {
      const createdAt = new Date(Date.now() - 1000);
      const created = await tenant.client.post<CustomerView>('/v1/customers', {
        name: 'Ada Lovelace',
      });
      const id = created.body.id;
      await sendOutcome(syncedAs(id, 1, 'cus_ada'));
      const patched = await tenant.client.patch<CustomerView>(
        `/v1/customers/${id}`,
        { name: 'Ada King' },
        { headers: { 'if-match': '1' } },
      );
      expect(patched.status).toBe(200);
      // The connector lists the system (still "Lovelace") just before its write of "King" lands.
      const listedAt = new Date();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await sendOutcome(syncedAs(id, 2, 'cus_ada'));
      await eventually(async () => {
        const sync = await tenant.client.get<{ systems: Array<{ entityVersion: number }> }>(
          `/v1/customers/${id}/sync`,
        );
        expect(sync.body.systems[0]?.entityVersion).toBe(2);
      });
      return { id, createdAt, listedAt };
    }

    it.each([
      ["stamped with the record's creation time", 'createdAt'],
      ['stamped with the time it was listed', 'listedAt'],
    ] as const)("%s, changes nothing: the catalog's later edit stays", async (_name, stamp) => {
      const written = await editedAndWritten();
      const listing = {
        ...inbound({
          externalId: 'cus_ada',
          content: { name: 'Ada Lovelace' },
          changedAt: written[stamp].toISOString(),
          reason: 'backfill',
        }),
        // Published right after the listing was read, before the write's outcome.
        time: written.listedAt.toISOString(),
      };
      expect(await send(listing)).toBe('stale');
      const customer = await tenant.client.get<CustomerView>(`/v1/customers/${written.id}`);
      expect(customer.body).toMatchObject({ name: 'Ada King', version: 2 });
    });

    it('published after the write, is applied: a reconciliation still repairs drift', async () => {
      const written = await editedAndWritten();
      const listing = inbound({
        externalId: 'cus_ada',
        content: { name: 'Ada Byron' },
        changedAt: written.createdAt.toISOString(),
        reason: 'reconciliation',
      });
      expect(await send(listing)).toBe('updated');
      const customer = await tenant.client.get<CustomerView>(`/v1/customers/${written.id}`);
      expect(customer.body).toMatchObject({ name: 'Ada Byron', version: 3 });
    });
  });
});
