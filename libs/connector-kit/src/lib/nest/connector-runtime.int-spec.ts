import { createKafkaClient, KafkaPublisher, TopicAdmin } from '@concord/kafka';
import {
  catalogEventKey,
  CONNECTIONS_REQUEST_TYPE,
  CONNECTOR_STATUS_TYPE,
  type ConnectorStatus,
  type InboundChange,
  type SyncOutcome,
} from '@concord/model';
import {
  aCatalogEvent,
  collectMessages,
  eventually,
  type MessageCollector,
  testKafkaBrokers,
  testRedisUrl,
  testTopicPrefix,
} from '@concord/testing';

import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import { connectionSettings, testKeyRing } from '../../../test/kit-harness';
import { noopKitMetrics } from '../metrics/kit-metrics';
import { kitTopics, kitTopicSpecs } from '../transport/kit-topics';
import { ConnectorRuntime } from './connector-runtime';

const SIM = '127.0.0.1:9';

describe('ConnectorRuntime (real Kafka and Redis)', () => {
  const prefix = testTopicPrefix();
  const brokers = testKafkaBrokers();
  const system = new FakeSystem();
  const definition = fakeDefinition(system);
  const kafka = createKafkaClient({ brokers, clientId: 'kit-int-spec' });
  const publisher = new KafkaPublisher(kafka);
  const settings = connectionSettings('fakesys', { settings: { baseUrl: `http://${SIM}` } });
  const runtimes: ConnectorRuntime<unknown, unknown>[] = [];
  let outcomes: MessageCollector;
  let state: MessageCollector;
  let statuses: MessageCollector;
  let inbound: MessageCollector;

  const startRuntime = async (): Promise<ConnectorRuntime<unknown, unknown>> => {
    const runtime = new ConnectorRuntime(
      definition as never,
      {
        brokers,
        clientId: 'kit-int-spec',
        topicPrefix: prefix,
        sessionTimeoutMs: 6000,
        redisUrl: testRedisUrl(),
        keyRing: testKeyRing,
        allowedLoopback: [SIM],
        publicUrl: 'http://127.0.0.1:1',
        statusIntervalMs: 500,
        reconciliationIntervalMs: 0,
      },
      noopKitMetrics,
    );
    runtimes.push(runtime);
    await runtime.start();
    await eventually(() => expect(runtime.isReady).toBe(true), { timeoutMs: 30_000 });
    return runtime;
  };

  beforeAll(async () => {
    await publisher.connect();
    const admin = new TopicAdmin(kafka);
    await admin.ensureTopics(kitTopicSpecs('fakesys', prefix));
    await admin.disconnect();
    const topics = kitTopics('fakesys', prefix);
    outcomes = await collectMessages({ brokers, topic: topics.outcome });
    state = await collectMessages({ brokers, topic: topics.state, fromBeginning: true });
    statuses = await collectMessages({ brokers, topic: topics.status });
    inbound = await collectMessages({ brokers, topic: topics.inbound });
    await publisher.send(topics.connections, [
      { key: `${settings.tenant}:fakesys`, value: settings },
    ]);
  });

  afterAll(async () => {
    for (const runtime of runtimes) await runtime.stop();
    await Promise.all([outcomes, state, statuses, inbound].map((collector) => collector?.stop()));
    await publisher.disconnect();
    const admin = new TopicAdmin(kafka);
    const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics(mine).catch(() => undefined);
    await admin.disconnect();
  });

  it('syncs a catalog change, links it durably, and a restarted connector updates through the link', async () => {
    const runtime = await startRuntime();
    const created = aCatalogEvent('customer', {
      operation: 'created',
      entity: { tenantId: settings.tenant },
    });
    await publisher.send(runtime.topics.catalog.customer, [
      { key: catalogEventKey(settings.tenant, created.subject), value: created },
    ]);

    const synced = await outcomes.waitFor(
      (m) => (m.value as SyncOutcome).data.eventId === created.id,
      30_000,
    );
    const record = system.byConcordId('customer', created.subject);
    expect((synced.value as SyncOutcome).data).toMatchObject({
      status: 'synced',
      externalId: record?.id,
    });
    await state.waitFor((m) => (m.key ?? '').endsWith(`link.customer.${created.subject}`));

    await runtime.stop();
    const restarted = await startRuntime();
    const later = new Date(Date.parse(created.data.entity.updatedAt) + 1000).toISOString();
    const updated = aCatalogEvent('customer', {
      entity: { ...created.data.entity, name: 'Ada King', version: 2, updatedAt: later },
    });
    await publisher.send(restarted.topics.catalog.customer, [
      { key: catalogEventKey(settings.tenant, updated.subject), value: updated },
    ]);

    await outcomes.waitFor((m) => (m.value as SyncOutcome).data.eventId === updated.id, 30_000);
    expect(system.byConcordId('customer', created.subject)?.data['name']).toBe('Ada King');
    expect(system.requests.filter((r) => r.op.startsWith('find'))).toEqual([]);
    expect(system.creates('customer')).toBe(1);
  });

  it('publishes webhook changes to Kafka before answering, and reports the connection status', async () => {
    const runtime = runtimes[runtimes.length - 1];
    const record = system.put('customer', { name: 'Grace Hopper' });
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    await eventually(
      async () => {
        const answer = await runtime.webhooks.receive({
          ...scope,
          rawBody: Buffer.from(
            JSON.stringify([
              { id: 'evt_w1', type: 'record.created', recordId: record.id, idempotencyKey: null },
            ]),
          ),
          headers: { 'x-fake-signature': 'fake-secret' },
        });
        expect(answer.status).toBe(200);
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const change = await inbound.waitFor((m) => (m.value as InboundChange).subject === record.id);
    expect((change.value as InboundChange).data).toMatchObject({
      sourceEventId: 'evt_w1',
      content: { name: 'Grace Hopper' },
    });

    // The status topic also carries the connector's requests for its connections (one per start).
    const request = await statuses.waitFor(
      (m) => (m.value as { type: string }).type === CONNECTIONS_REQUEST_TYPE,
    );
    expect(request.key).toBe('fakesys');
    expect(request.value).toMatchObject({ system: 'fakesys' });
    const status = await statuses.waitFor(
      (m) =>
        (m.value as ConnectorStatus).type === CONNECTOR_STATUS_TYPE &&
        (m.value as ConnectorStatus).data.webhook !== null,
      20_000,
    );
    expect((status.value as ConnectorStatus).data).toMatchObject({
      connectionId: settings.connectionId,
      state: 'active',
      health: 'healthy',
      webhook: {
        url: `http://127.0.0.1:1/webhooks/fakesys/${settings.tenant}/${settings.connectionId}`,
      },
    });
  });
});
