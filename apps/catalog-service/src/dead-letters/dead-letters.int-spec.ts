import { createKafkaClient, KafkaPublisher, TopicAdmin } from '@concord/kafka';
import {
  CatalogTopics,
  connectorInboundTopic,
  connectorRetryTopic,
  deadLetterTopic,
  envelopeHeaders,
  inboundChangeKey,
} from '@concord/model';
import { aCatalogEvent, anInboundChange, eventually, testKafkaBrokers } from '@concord/testing';

import {
  refreshDeadLetterCollector,
  startSyncCatalog,
  type SyncTestCatalog,
} from '../../test/sync-test-kit';
import type { TestTenant } from '../../test/test-catalog';
import { CATALOG_RETRY_TOPIC } from '../inbound/sync-topics';
import type { DeadLetterRecord } from './dead-letter.repository';

jest.setTimeout(120_000);

describe('dead letters (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let tenant: TestTenant;
  let producer: KafkaPublisher;
  let admin: TopicAdmin;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    await catalog.addConnector('stripe');
    const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'dead-letter-spec' });
    producer = new KafkaPublisher(kafka);
    admin = new TopicAdmin(kafka);
    await producer.connect();
  });

  beforeEach(async () => {
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await catalog?.close();
  });

  /** A catalog event the Stripe connector gave up on, dead-lettered as the Kafka lib does. */
  async function connectorDeadLetter(offset: string): Promise<string> {
    const topic = catalog.topic(deadLetterTopic('connector-stripe'));
    await admin.ensureTopics([{ name: topic, partitions: 3 }]);
    await refreshDeadLetterCollector(catalog);
    const event = aCatalogEvent('customer', { entity: { tenantId: tenant.tenantId } });
    await producer.send(topic, [
      {
        key: `${tenant.tenantId}:${event.subject}`,
        value: event,
        headers: {
          ...envelopeHeaders(event),
          'x-dlq-original-topic': catalog.topic(CatalogTopics.customer),
          'x-dlq-original-partition': '2',
          'x-dlq-original-offset': offset,
          'x-dlq-consumer-group': `${catalog.prefix}connector-stripe`,
          'x-dlq-error-code': 'REJECTED_BY_UPSTREAM',
          'x-dlq-error-category': 'validation',
          'x-dlq-error-message': 'Stripe refused the customer: invalid email',
          'x-dlq-attempts': '1',
          'x-dlq-failed-at': new Date().toISOString(),
        },
      },
    ]);
    return event.id;
  }

  async function openLetters(t: TestTenant): Promise<DeadLetterRecord[]> {
    const response = await t.client.get<{ data: DeadLetterRecord[] }>(
      '/v1/dead-letters?status=open',
    );
    return response.body.data;
  }

  it("stores a connector's dead letter and replays it onto that connector's retry topic only", async () => {
    const retry = await catalog.collect(catalog.topic(connectorRetryTopic('stripe')));
    const shared = await catalog.collect(catalog.topic(CatalogTopics.customer));
    const eventId = await connectorDeadLetter('41');

    const [letter] = await eventually(async () => {
      const letters = await openLetters(tenant);
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter).toMatchObject({
      tenantId: tenant.tenantId,
      consumerGroup: `${catalog.prefix}connector-stripe`,
      topic: catalog.topic(CatalogTopics.customer),
      partition: 2,
      offset: '41',
      error: { code: 'REJECTED_BY_UPSTREAM', category: 'validation', attempts: 1 },
      status: 'open',
    });
    const other = await catalog.newTenant();
    expect((await other.client.get(`/v1/dead-letters/${letter.id}`)).status).toBe(404);
    expect(await openLetters(other)).toEqual([]);

    const replayed = await tenant.client.post<DeadLetterRecord>(
      `/v1/dead-letters/${letter.id}/replay`,
      {},
    );
    expect(replayed.status).toBe(200);
    expect(replayed.body.status).toBe('replayed');

    const message = await retry.waitFor((m) => (m.value as { id: string }).id === eventId);
    expect(message.key).toBe(letter.key);
    expect(message.headers['x-dlq-error-code']).toBeUndefined();
    expect(message.headers['x-replayed-from-dead-letter']).toBe(letter.id);
    expect(shared.messages.filter((m) => (m.value as { id: string }).id === eventId)).toEqual([]);
    expect(await openLetters(tenant)).toEqual([]);
    const again = await tenant.client.post(`/v1/dead-letters/${letter.id}/replay`, {});
    expect(again.status).toBe(409);
    const audit = await tenant.client.get<{ data: Array<{ action: string; targetId: string }> }>(
      '/v1/audit-log',
    );
    expect(audit.body.data[0]).toMatchObject({
      action: 'dead-letter.replayed',
      targetId: letter.id,
    });
  });

  it('discards a dead letter', async () => {
    await connectorDeadLetter('77');
    const [letter] = await eventually(async () => {
      const letters = await openLetters(tenant);
      expect(letters).toHaveLength(1);
      return letters;
    });

    const discarded = await tenant.client.post<DeadLetterRecord>(
      `/v1/dead-letters/${letter.id}/discard`,
      {},
    );

    expect(discarded.body.status).toBe('discarded');
    expect(await openLetters(tenant)).toEqual([]);
    const all = await tenant.client.get<{ data: DeadLetterRecord[] }>('/v1/dead-letters');
    expect(all.body.data.map((l) => l.status)).toEqual(['discarded']);
  });

  it("dead-letters an invalid inbound change and replays it onto the applier's own retry topic", async () => {
    const connection = await catalog.connect(tenant, 'stripe', { enabled: true });
    const retry = await catalog.collect(catalog.topic(CATALOG_RETRY_TOPIC));
    // A new customer without a name cannot be created: permanent, so dead-lettered at once.
    const change = anInboundChange({
      tenant: tenant.tenantId,
      connectionId: connection.connectionId,
      externalId: 'cus_nameless',
      content: { email: 'nameless@example.com' },
    });
    await catalog.publish(
      catalog.topic(connectorInboundTopic('stripe')),
      inboundChangeKey(tenant.tenantId, 'cus_nameless'),
      change,
    );
    const [letter] = await eventually(
      async () => {
        await refreshDeadLetterCollector(catalog);
        const letters = await openLetters(tenant);
        expect(letters).toHaveLength(1);
        return letters;
      },
      { timeoutMs: 30_000 },
    );
    expect(letter).toMatchObject({
      consumerGroup: `${catalog.prefix}catalog-inbound`,
      topic: catalog.topic(connectorInboundTopic('stripe')),
      error: { code: 'INVALID_MESSAGE', category: 'validation' },
    });

    await tenant.client.post(`/v1/dead-letters/${letter.id}/replay`, {});

    const replayed = await retry.waitFor((m) => (m.value as { id: string }).id === change.id);
    expect(replayed.headers['x-retry-original-topic']).toBe(
      catalog.topic(connectorInboundTopic('stripe')),
    );
  });
});
