import {
  CatalogEventSchemas,
  CatalogTopics,
  type Customer,
  type EntityType,
  type Invoice,
  type Product,
  validate,
  withTopicPrefix,
} from '@concord/model';
import {
  type CollectedMessage,
  collectMessages,
  eventually,
  type MessageCollector,
  testKafkaBrokers,
} from '@concord/testing';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

interface CatalogEnvelope {
  id: string;
  type: string;
  subject: string;
  tenant: string;
  origin: string;
  entityVersion: number;
  correlationId: string;
  data: { operation: string; changedFields: string[]; entity: { id: string; version: number } };
}

describe('catalog events published by the outbox relay', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;
  const collectors = new Map<EntityType, MessageCollector>();

  beforeAll(async () => {
    catalog = await startTestCatalog({ OUTBOX_RELAY: 'embedded' });
    tenant = await catalog.newTenant();
    // The relay creates the topics; collectors attach once they exist with their leaders.
    await kafkaReady();
    for (const entityType of ['customer', 'product', 'invoice'] as const) {
      const topic = withTopicPrefix(catalog.config.KAFKA_TOPIC_PREFIX, CatalogTopics[entityType]);
      collectors.set(entityType, await collectMessages({ brokers: testKafkaBrokers(), topic }));
    }
  });

  afterAll(async () => {
    for (const collector of collectors.values()) await collector.stop();
    await catalog?.close();
  });

  async function kafkaReady(): Promise<void> {
    await eventually(
      async () => {
        const ready = (await (await fetch(`${catalog.url}/health/ready`)).json()) as {
          checks: Record<string, { ok: boolean }>;
        };
        expect(ready.checks['kafka']).toEqual({ ok: true });
      },
      { timeoutMs: 30_000 },
    );
  }

  function messagesFor(entityType: EntityType, entityId: string): CollectedMessage[] {
    return (collectors.get(entityType)?.messages ?? []).filter(
      (m) => m.key === `${tenant.tenantId}:${entityId}`,
    );
  }

  async function allPublished(): Promise<void> {
    await eventually(
      async () => {
        const { rows } = await catalog.db.query(
          'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
        );
        expect(rows[0].n).toBe(0);
      },
      { timeoutMs: 20_000 },
    );
  }

  it('reports Kafka in readiness', async () => {
    const ready = await fetch(`${catalog.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      checks: { database: { ok: true }, kafka: { ok: true } },
    });
  });

  it('publishes exactly one event per change, keyed by tenant and entity, with its headers', async () => {
    const correlationId = 'test-correlation-1';
    const headers = { 'x-correlation-id': correlationId };
    const customer = (
      await tenant.client.post<Customer>('/v1/customers', { name: 'Ada' }, { headers })
    ).body;
    await tenant.client.patch(
      `/v1/customers/${customer.id}`,
      { email: 'ada@example.com' },
      { headers: { ...headers, 'if-match': '"1"' } },
    );
    await tenant.client.delete(`/v1/customers/${customer.id}`, { headers });
    const product = (await tenant.client.post<Product>('/v1/products', { name: 'Engine' })).body;
    const invoice = (
      await tenant.client.post<Invoice>('/v1/invoices', {
        customerId: (await tenant.client.post<Customer>('/v1/customers', { name: 'Bo' })).body.id,
        number: 'INV-1',
        currency: 'EUR',
        issueDate: '2025-03-01',
        lines: [{ productId: product.id, description: 'Engine', quantity: 2, unitAmount: 700 }],
      })
    ).body;
    await allPublished();

    await eventually(() => expect(messagesFor('customer', customer.id)).toHaveLength(3));
    const customerEvents = messagesFor('customer', customer.id);
    const envelopes = customerEvents.map((m) => m.value as CatalogEnvelope);
    expect(envelopes.map((e) => [e.type, e.entityVersion, e.data.changedFields])).toEqual([
      [
        'concord.catalog.customer.created',
        1,
        ['name', 'email', 'phone', 'address', 'currency', 'metadata'],
      ],
      ['concord.catalog.customer.updated', 2, ['email']],
      ['concord.catalog.customer.deleted', 3, []],
    ]);
    const { rows } = await catalog.db.query(
      'SELECT id FROM outbox WHERE aggregateid = $1 ORDER BY sequence',
      [`${tenant.tenantId}:${customer.id}`],
    );
    expect(envelopes.map((e) => e.id)).toEqual(rows.map((row) => row.id));
    for (const message of customerEvents) {
      const envelope = message.value as CatalogEnvelope;
      expect(message.topic).toBe(`${catalog.config.KAFKA_TOPIC_PREFIX}catalog.customer.v1`);
      expect(message.headers).toMatchObject({
        'x-event-id': envelope.id,
        'x-tenant': tenant.tenantId,
        'x-origin': 'catalog',
        'x-entity-version': String(envelope.entityVersion),
        'x-correlation-id': correlationId,
      });
      expect(envelope).toMatchObject({ tenant: tenant.tenantId, origin: 'catalog', correlationId });
      expect(validate(CatalogEventSchemas.customer, envelope).ok).toBe(true);
    }

    await eventually(() => expect(messagesFor('invoice', invoice.id)).toHaveLength(1));
    const [invoiceEvent] = messagesFor('invoice', invoice.id);
    expect(validate(CatalogEventSchemas.invoice, invoiceEvent.value).ok).toBe(true);
    expect((invoiceEvent.value as { data: { entity: Invoice } }).data.entity.total).toBe(1400);
    expect(messagesFor('product', product.id)).toHaveLength(1);
  });

  it("carries the identity map's external ids of the record and those it refers to", async () => {
    const customer = (await tenant.client.post<Customer>('/v1/customers', { name: 'Alan' })).body;
    const product = (await tenant.client.post<Product>('/v1/products', { name: 'Bombe' })).body;
    const link = (entityType: EntityType, entityId: string, system: string, externalId: string) =>
      catalog.db.query(
        `INSERT INTO identity_links (tenant_id, entity_type, entity_id, system, external_id)
         VALUES ($1, $2, $3, $4, $5)`,
        [tenant.tenantId, entityType, entityId, system, externalId],
      );
    await link('customer', customer.id, 'stripe', 'cus_alan');
    await link('customer', customer.id, 'xero', 'c-alan');
    await link('product', product.id, 'stripe', 'prod_bombe');
    await tenant.client.patch(
      `/v1/customers/${customer.id}`,
      { email: 'alan@example.com' },
      { headers: { 'if-match': '"1"' } },
    );
    const invoice = (
      await tenant.client.post<Invoice>('/v1/invoices', {
        customerId: customer.id,
        number: 'INV-LINKS',
        currency: 'EUR',
        issueDate: '2025-03-01',
        lines: [{ productId: product.id, description: 'Bombe', quantity: 1, unitAmount: 500 }],
      })
    ).body;
    await allPublished();

    await eventually(() => expect(messagesFor('customer', customer.id)).toHaveLength(2));
    const [created, updated] = messagesFor('customer', customer.id);
    // Created through the API before any link existed: nothing to carry, and nothing asked.
    expect(created.headers['x-concord-links']).toBeUndefined();
    expect(JSON.parse(updated.headers['x-concord-links'] ?? 'null')).toEqual({
      stripe: { [`customer:${customer.id}`]: 'cus_alan' },
      xero: { [`customer:${customer.id}`]: 'c-alan' },
    });
    await eventually(() => expect(messagesFor('invoice', invoice.id)).toHaveLength(1));
    const [invoiceEvent] = messagesFor('invoice', invoice.id);
    expect(JSON.parse(invoiceEvent.headers['x-concord-links'] ?? 'null')).toEqual({
      stripe: {
        [`customer:${customer.id}`]: 'cus_alan',
        [`product:${product.id}`]: 'prod_bombe',
      },
      xero: { [`customer:${customer.id}`]: 'c-alan' },
    });
  });

  it('publishes nothing for a refused write', async () => {
    const before = (collectors.get('customer')?.messages ?? []).length;
    const refused = await tenant.client.post('/v1/customers', { name: '' });
    expect(refused.status).toBe(400);
    const marker = (await tenant.client.post<Customer>('/v1/customers', { name: 'Marker' })).body;
    await eventually(() => expect(messagesFor('customer', marker.id)).toHaveLength(1));
    expect((collectors.get('customer')?.messages ?? []).length).toBe(before + 1);
  });
});
