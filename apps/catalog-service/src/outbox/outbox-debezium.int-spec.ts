import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { createOutboxRelay, OutboxRouting } from '@concord/catalog-outbox';
import { databaseUrlFor } from '@concord/database';
import { createKafkaClient, silentKafkaLogger, TopicAdmin } from '@concord/kafka';
import {
  CatalogTopics,
  ConnectionsTopic,
  type Customer,
  EntityTypes,
  type Product,
  withTopicPrefix,
} from '@concord/model';
import {
  eventually,
  KafkaConnect,
  type LogicalPostgres,
  outboxConnectorFor,
  randomSuffix,
  startLogicalPostgres,
  testKafkaBrokers,
  testTopicPrefix,
  workspaceRoot,
} from '@concord/testing';

import { type RawRecord, RawTopicReader } from '../../test/raw-topic-reader';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

/** The record as a consumer compares it: the topic without the deployment's prefix. */
function comparable(record: RawRecord, prefix: string): object {
  return {
    topic: record.topic.slice(prefix.length),
    partition: record.partition,
    key: record.key,
    value: record.value?.toString('utf8') ?? null,
    headers: record.headers,
  };
}

function eventIdOf(record: RawRecord): string {
  return record.headers.find(([name]) => name === 'x-event-id')?.[1] ?? '(none)';
}

/**
 * Debezium (Kafka Connect running the shipped docker/debezium connector configuration) and the
 * built-in relay publish the same outbox rows: consumers cannot tell them apart.
 */
describe('the outbox published by Debezium instead of the relay', () => {
  const suffix = randomSuffix();
  const debeziumPrefix = testTopicPrefix();
  const relayPrefix = testTopicPrefix();
  const brokers = testKafkaBrokers();
  const connect = new KafkaConnect({
    brokers,
    workDir: join(workspaceRoot(), 'tmp', `debezium-connect-${suffix}`),
  });
  const topicsOf = (prefix: string): string[] => [
    ...EntityTypes.map((entityType) => withTopicPrefix(prefix, CatalogTopics[entityType])),
    withTopicPrefix(prefix, ConnectionsTopic),
  ];
  let postgres: LogicalPostgres;
  let catalog: TestCatalog;
  let tenant: TestTenant;
  let catalogDbUrl: string;

  beforeAll(async () => {
    // The machine's shared server may not decode logically: this test runs its own.
    postgres = await startLogicalPostgres('debezium-test');
    catalog = await startTestCatalog({ DATABASE_URL: postgres.url, OUTBOX_RELAY: 'external' });
    catalogDbUrl = databaseUrlFor(postgres.url, catalog.config.CATALOG_DATABASE);
    tenant = await catalog.newTenant();
    // What docs/deploy.md asks of the operator: the publication, and the topics.
    await catalog.db.query('CREATE PUBLICATION concord_outbox FOR TABLE outbox');
    const admin = new TopicAdmin(createKafkaClient({ brokers, clientId: 'debezium-test' }));
    // The same topics, partitions and configs as the relay creates: the model's topic catalog.
    await admin.ensureTopics([...new OutboxRouting(debeziumPrefix).topics]);
    await admin.disconnect();

    const connector = outboxConnectorFor({
      host: '127.0.0.1',
      port: postgres.port,
      user: 'postgres',
      database: catalog.config.CATALOG_DATABASE,
      topicPrefix: debeziumPrefix,
      suffix,
    });
    await connect.start();
    await connect.deploy(connector);
  }, 240_000);

  afterAll(async () => {
    await connect.stop();
    rmSync(connect.workDir, { recursive: true, force: true });
    await catalog?.close();
    await postgres?.stop();
  }, 60_000);

  async function writeThroughTheApi(): Promise<void> {
    const headers = { 'x-correlation-id': `debezium-${suffix}` };
    const ada = (await tenant.client.post<Customer>('/v1/customers', { name: 'Ada' }, { headers }))
      .body;
    const updated = await tenant.client.patch(
      `/v1/customers/${ada.id}`,
      { email: 'ada@example.com', metadata: { tier: 'gold', note: 'ünïcødé €' } },
      { headers: { ...headers, 'if-match': '"1"' } },
    );
    expect(updated.status).toBe(200);
    const product = (await tenant.client.post<Product>('/v1/products', { name: 'Engine' })).body;
    const bo = (await tenant.client.post<Customer>('/v1/customers', { name: 'Bo' })).body;
    const invoice = await tenant.client.post('/v1/invoices', {
      customerId: bo.id,
      number: 'INV-1',
      currency: 'EUR',
      issueDate: '2025-03-01',
      lines: [{ productId: product.id, description: 'Engine', quantity: 2, unitAmount: 700 }],
    });
    expect(invoice.status).toBe(201);
    expect((await tenant.client.delete(`/v1/customers/${ada.id}`, { headers })).status).toBe(200);
    // Connection settings travel through the outbox too, to the compacted connections topic.
    const connection = await tenant.client.request('PUT', '/v1/integrations/xero', {
      body: { direction: 'inbound', entityTypes: ['customer'] },
    });
    expect(connection.status).toBe(201);
    expect((await tenant.client.delete('/v1/integrations/xero')).status).toBe(204);
  }

  async function readAll(topics: string[], count: number): Promise<RawRecord[]> {
    const reader = new RawTopicReader(brokers);
    await reader.start(topics);
    try {
      await eventually(() => expect(reader.records.length).toBeGreaterThanOrEqual(count), {
        timeoutMs: 60_000,
        intervalMs: 250,
      });
      return reader.records;
    } finally {
      await reader.stop();
    }
  }

  it('publishes the same topics, partitions, keys, value bytes and headers as the relay', async () => {
    await writeThroughTheApi();
    const { rows } = await catalog.db.query<{ id: string; aggregateid: string }>(
      'SELECT id, aggregateid FROM outbox ORDER BY sequence',
    );
    expect(rows.length).toBeGreaterThanOrEqual(8);

    const byDebezium = await readAll(topicsOf(debeziumPrefix), rows.length).catch((error) => {
      throw new Error(`${String(error)}\nKafka Connect log:\n${connect.tail()}`);
    });

    // The built-in relay publishes the very same rows (Debezium never marks them) to its prefix.
    const relay = createOutboxRelay(
      { ...catalog.config, KAFKA_TOPIC_PREFIX: relayPrefix },
      catalogDbUrl,
      silentKafkaLogger,
    );
    relay.start();
    try {
      await eventually(
        async () => {
          const pending = await catalog.db.query(
            'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
          );
          expect(pending.rows[0].n).toBe(0);
        },
        { timeoutMs: 30_000 },
      );
    } finally {
      await relay.stop();
    }
    const byRelay = await readAll(topicsOf(relayPrefix), rows.length);

    expect(byDebezium).toHaveLength(rows.length);
    expect(byRelay).toHaveLength(rows.length);
    const relayById = new Map(byRelay.map((record) => [eventIdOf(record), record]));
    for (const record of byDebezium) {
      const twin = relayById.get(eventIdOf(record));
      if (!twin) throw new Error(`the relay did not publish event ${eventIdOf(record)}`);
      expect(comparable(record, debeziumPrefix)).toEqual(comparable(twin, relayPrefix));
      // Byte for byte, not only as text; a tombstone (null) only where the relay sent one.
      if (twin.value === null) expect(record.value).toBeNull();
      else expect(record.value?.equals(twin.value)).toBe(true);
    }
    // A deleted connection is a tombstone (null value) on the compacted topic, from both.
    const tombstones = byDebezium.filter((record) => record.value === null);
    expect(tombstones.map((record) => record.topic)).toEqual([
      withTopicPrefix(debeziumPrefix, ConnectionsTopic),
    ]);
    // Every row once, and each entity's events in the order they were written.
    const idsPerKey = (records: RawRecord[]): Record<string, string[]> => {
      const map: Record<string, string[]> = {};
      for (const record of records) (map[record.key] ??= []).push(eventIdOf(record));
      return map;
    };
    const expected: Record<string, string[]> = {};
    for (const row of rows) (expected[row.aggregateid] ??= []).push(row.id);
    expect(idsPerKey(byDebezium)).toEqual(expected);
    expect(idsPerKey(byRelay)).toEqual(expected);
    // Nothing of Debezium's own (the router's `id` header, source metadata) reaches consumers.
    const catalogRecord = byDebezium.find((record) => !record.topic.endsWith(ConnectionsTopic));
    expect(catalogRecord?.headers.map(([name]) => name)).toEqual([
      'x-origin',
      'x-tenant',
      'x-event-id',
      'content-type',
      'x-correlation-id',
      'x-entity-version',
    ]);
  }, 180_000);
});
