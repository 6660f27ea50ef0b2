import { createKafkaClient, KafkaPublisher, TopicAdmin } from '@concord/kafka';
import { CatalogTopics, withTopicPrefix } from '@concord/model';
import {
  aCatalogEvent,
  AppProcess,
  ensureBuilt,
  eventually,
  startAppProcess,
  testKafkaBrokers,
  testTenantId,
  testTopicPrefix,
} from '@concord/testing';

// Another team's consumer, run as a real process against the real broker.
describe('the example consumer', () => {
  const prefix = testTopicPrefix();
  const topic = withTopicPrefix(prefix, CatalogTopics.customer);
  const kafka = createKafkaClient({
    brokers: testKafkaBrokers(),
    clientId: 'example-consumer-e2e',
  });
  const admin = new TopicAdmin(kafka);
  const publisher = new KafkaPublisher(kafka);
  let app: AppProcess;

  beforeAll(async () => {
    ensureBuilt();
    await admin.ensureTopics([{ name: topic, partitions: 3 }]);
    await publisher.connect();
    app = await startAppProcess({
      name: 'example-consumer',
      script: 'dist/apps/example-consumer/src/main.js',
      env: {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        EXAMPLE_CONSUMER_GROUP: `${prefix}directory`,
      },
    });
  }, 120000);

  afterAll(async () => {
    await app?.stop();
    await publisher.disconnect();
    await admin.disconnect();
  });

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${app.url}${path}`);
    return (await response.json()) as T;
  }

  it('keeps the latest version of each customer, ignoring duplicates and invalid events', async () => {
    const tenant = testTenantId();
    const created = aCatalogEvent('customer', {
      operation: 'created',
      entity: { tenantId: tenant, version: 1, name: 'Grace Hopper', email: 'grace@navy.example' },
    });
    const updated = aCatalogEvent('customer', {
      operation: 'updated',
      entity: { ...created.data.entity, version: 2, email: 'grace@cobol.example' },
      changedFields: ['email'],
    });
    const key = `${tenant}:${created.subject}`;
    await publisher.send(topic, [
      { key, value: created },
      { key, value: updated },
      { key, value: updated },
      { key: 'broken', value: { ...updated, specversion: '0.3' } },
    ]);

    await eventually(
      async () =>
        expect(await get('/stats')).toEqual({
          customers: 1,
          welcomed: 1,
          duplicatesIgnored: 1,
          invalidEvents: 1,
        }),
      { timeoutMs: 30000, intervalMs: 250 },
    );
    const byNewEmail = await get<{ data: Array<{ version: number; name: string }> }>(
      `/customers?tenant=${tenant}&email=grace@cobol.example`,
    );
    expect(byNewEmail.data).toEqual([
      expect.objectContaining({ version: 2, name: 'Grace Hopper' }),
    ]);
    expect(
      (await get<{ data: unknown[] }>(`/customers?tenant=${tenant}&email=grace@navy.example`)).data,
    ).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await app.stop()).toEqual({ code: 0, signal: null });
  });
});
