import { Kafka, logLevel } from 'kafkajs';

import {
  brokers,
  KafkaTestKit,
  kafkaTestKit,
  readAll,
  uniqueName,
} from '../../test/kafka-test-kit';
import { createKafkaClient } from './kafka-client';
import { TopicAdmin } from './topic-admin';

// The project's proof that kafkajs 2.2.4 works against the pinned Apache Kafka 4.1.1 KRaft broker
// (Kafka 4 removed old protocol versions; these are the calls Concord relies on).
describe('kafkajs against the pinned Kafka 4.x broker', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    kit = await kafkaTestKit();
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('creates, describes and deletes a topic with partitions and config', async () => {
    const topic = uniqueName('compacted');
    expect(
      await kit.admin.ensureTopics([
        { name: topic, partitions: 3, config: { 'cleanup.policy': 'compact' } },
      ]),
    ).toEqual([topic]);
    expect(await kit.admin.ensureTopics([{ name: topic, partitions: 3 }])).toEqual([]);
    const { metadata, config } = await kit.admin.describeTopic(topic);
    expect(metadata.partitions).toHaveLength(3);
    expect(config['cleanup.policy']).toBe('compact');
    await kit.admin.deleteTopics([topic]);
    expect(await kit.admin.listTopics()).not.toContain(topic);
  });

  it('creates overlapping topic sets from several processes at once without an error', async () => {
    // Apps starting together declare shared topics (retry, dead-letter) at the same moment; the
    // broker then answers one of them "already exists" for part of its set.
    const names = Array.from({ length: 6 }, (_, i) => uniqueName(`shared-${i}`));
    const admins = Array.from(
      { length: 4 },
      () => new TopicAdmin(createKafkaClient({ brokers, clientId: uniqueName('admin') })),
    );
    try {
      const results = await Promise.allSettled(
        admins.map((admin, i) =>
          admin.ensureTopics(
            [names[i], names[i + 1], names[i + 2]].map((name) => ({ name, partitions: 3 })),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const existing = await kit.admin.listTopics();
      expect(names.every((name) => existing.includes(name))).toBe(true);
    } finally {
      await Promise.all(admins.map((admin) => admin.disconnect()));
      await kit.admin.deleteTopics(names);
    }
  });

  it('produces idempotently, consumes in a group and commits offsets', async () => {
    const topic = uniqueName('plain');
    await kit.admin.ensureTopics([{ name: topic, partitions: 2 }]);
    const metadata = await kit.publisher.send(topic, [
      { key: 'same-key', value: 'one' },
      { key: 'same-key', value: 'two' },
    ]);
    expect(metadata.every((m) => m.errorCode === 0)).toBe(true);

    const groupId = uniqueName('group');
    const kafka = new Kafka({ brokers, clientId: uniqueName('proof'), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received: Array<{ value: string; partition: number }> = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition, topic: t }) => {
          received.push({ value: message.value?.toString() ?? '', partition });
          await consumer.commitOffsets([
            { topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
          if (received.length === 2) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(received.map((r) => r.value)).toEqual(['one', 'two']);
    expect(new Set(received.map((r) => r.partition)).size).toBe(1);
    const lag = await kit.admin.groupLag(groupId, [topic]);
    expect(lag.reduce((sum, p) => sum + p.committed, 0)).toBe(2);
  });

  it('puts every message with the same key on the same partition, send after send', async () => {
    const topic = uniqueName('keyed');
    await kit.admin.ensureTopics([{ name: topic, partitions: 3 }]);
    const keys = ['acme:c1', 'acme:c2', 'acme:c3', 'globex:c1', 'globex:c2', 'initech:c9'];
    for (let round = 0; round < 3; round += 1)
      await kit.publisher.send(
        topic,
        keys.map((key) => ({ key, value: `${key}#${round}` })),
      );
    const read = await readAll(topic, keys.length * 3);
    expect(read).toHaveLength(keys.length * 3);
    const partitionsByKey = new Map<string, Set<number>>();
    for (const m of read) {
      const seen = partitionsByKey.get(m.key ?? '') ?? new Set<number>();
      partitionsByKey.set(m.key ?? '', seen.add(m.partition));
    }
    expect([...partitionsByKey.values()].map((p) => p.size)).toEqual(keys.map(() => 1));
    const valuesOf = (key: string): string[] =>
      read.filter((m) => m.key === key).map((m) => m.value ?? '');
    for (const key of keys) expect(valuesOf(key)).toEqual([0, 1, 2].map((r) => `${key}#${r}`));
  });
});
