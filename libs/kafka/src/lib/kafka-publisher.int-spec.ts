import type { Producer } from 'kafkajs';

import {
  brokers,
  type KafkaTestKit,
  kafkaTestKit,
  readAll,
  uniqueName,
} from '../../test/kafka-test-kit';
import { createKafkaClient } from './kafka-client';
import { KafkaPublisher } from './kafka-publisher';

describe('KafkaPublisher against the broker', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    kit = await kafkaTestKit();
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('carries concurrent sends in far fewer produce requests, each key in the order it was sent', async () => {
    const topic = uniqueName('coalesced');
    await kit.admin.ensureTopics([{ name: topic, partitions: 3 }]);
    const kafka = createKafkaClient({ brokers, clientId: uniqueName('coalescing') });
    let produceRequests = 0;
    const makeProducer = kafka.producer.bind(kafka);
    kafka.producer = (config) => {
      const producer: Producer = makeProducer(config);
      producer.on(producer.events.REQUEST, ({ payload }) => {
        if (payload.apiName === 'Produce') produceRequests += 1;
      });
      return producer;
    };
    const publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    try {
      const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
      const sends = Array.from({ length: 300 }, (_, i) =>
        publisher.send(topic, [{ key: keys[i % keys.length], value: { n: i } }]),
      );
      await Promise.all(sends);

      expect(produceRequests).toBeGreaterThan(0);
      expect(produceRequests).toBeLessThanOrEqual(30);
      const read = await readAll(topic, 300);
      expect(read).toHaveLength(300);
      for (const key of keys) {
        const order = read
          .filter((message) => message.key === key)
          .map((message) => (JSON.parse(message.value ?? '{}') as { n: number }).n);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(order).toHaveLength(60);
      }
    } finally {
      await publisher.disconnect();
    }
  });
});
