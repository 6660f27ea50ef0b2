import { createKafkaClient, KafkaPublisher, TopicAdmin } from '@concord/kafka';
import { CatalogEvent, CatalogTopics, withTopicPrefix } from '@concord/model';
import { aCatalogEvent, eventually, testKafkaBrokers, testTopicPrefix } from '@concord/testing';

import { ConcordEventsClient, InvalidEvent } from './events-client';

describe('ConcordEventsClient against the real broker', () => {
  const prefix = testTopicPrefix();
  const topic = withTopicPrefix(prefix, CatalogTopics.customer);
  const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'events-client-test' });
  const admin = new TopicAdmin(kafka);
  const publisher = new KafkaPublisher(kafka);
  let client: ConcordEventsClient;

  beforeAll(async () => {
    await admin.ensureTopics([{ name: topic, partitions: 3 }]);
    await publisher.connect();
  });

  afterAll(async () => {
    await client?.stop();
    await publisher.disconnect();
    await admin.disconnect();
  });

  it('hands valid events to the typed handler and reports invalid ones without passing them on', async () => {
    const valid = aCatalogEvent('customer', {
      operation: 'created',
      entity: { name: 'Ada Lovelace', version: 1 },
    });
    const wrongShape = { ...aCatalogEvent('customer'), tenant: 'Not A Tenant!' };
    await publisher.send(topic, [
      { key: `${valid.tenant}:${valid.subject}`, value: valid },
      { key: 'x:1', value: wrongShape },
      { key: 'x:2', value: 'this is not json' },
    ]);
    const received: Array<CatalogEvent<'customer'>> = [];
    const invalid: InvalidEvent[] = [];
    client = new ConcordEventsClient({
      brokers: testKafkaBrokers(),
      groupId: `${prefix}team-billing`,
      topicPrefix: prefix,
      fromBeginning: true,
      sessionTimeoutMs: 6000,
      onInvalid: (event) => invalid.push(event),
    }).on('customer', async (event) => {
      received.push(event);
    });
    await client.start();
    await eventually(() => expect(received.length + invalid.length).toBe(3), { timeoutMs: 20000 });
    expect(received.map((e) => e.data.entity.name)).toEqual(['Ada Lovelace']);
    expect(invalid.map((i) => i.reason).sort()).toEqual(['not-json', 'schema']);
    expect(invalid.find((i) => i.reason === 'schema')?.problems.map((p) => p.path)).toContain(
      'tenant',
    );
  });
});
