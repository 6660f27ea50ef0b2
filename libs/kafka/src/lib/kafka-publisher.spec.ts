import { RetryableError } from '@concord/errors';
import { Kafka, Partitioners, ProducerBatch, ProducerConfig } from 'kafkajs';

import { createKafkaClient } from './kafka-client';
import { KafkaLogger } from './kafka-logger';
import { KafkaPublisher } from './kafka-publisher';

function fakeKafka(sendBatch: (batch: ProducerBatch) => Promise<unknown>) {
  const seen: { config?: ProducerConfig; batches: ProducerBatch[] } = { batches: [] };
  const kafka = {
    producer: (config: ProducerConfig) => {
      seen.config = config;
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: async (batch: ProducerBatch) => {
          seen.batches.push(batch);
          return sendBatch(batch);
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, seen };
}

describe('KafkaPublisher', () => {
  it('produces idempotently, one request in flight, with the explicit default partitioner', () => {
    const { kafka, seen } = fakeKafka(async () => []);
    new KafkaPublisher(kafka);
    expect(seen.config).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  });

  it('waits for all in-sync replicas and encodes objects as JSON and headers as buffers', async () => {
    const { kafka, seen } = fakeKafka(async () => []);
    const publisher = new KafkaPublisher(kafka);
    await publisher.send('catalog.customer.v1', [
      { key: 'acme:c1', value: { name: 'Ada' }, headers: { 'x-tenant': 'acme' } },
      { key: 'acme:c2', value: 'plain' },
    ]);
    const [batch] = seen.batches;
    expect(batch.acks).toBe(-1);
    const [first, second] = batch.topicMessages?.[0].messages ?? [];
    expect(first.value).toBe('{"name":"Ada"}');
    expect(first.headers).toEqual({ 'x-tenant': Buffer.from('acme') });
    expect(second.value).toBe('plain');
  });

  it('sends under a new producer id once the broker refuses the sequence of the old one', async () => {
    const producers: string[] = [];
    const kafka = {
      producer: () => {
        const name = `producer-${producers.length + 1}`;
        producers.push(name);
        return {
          connect: async () => undefined,
          disconnect: async () => undefined,
          sendBatch: async () => {
            if (name === 'producer-1') {
              throw Object.assign(
                new Error('The broker received an out of order sequence number'),
                {
                  type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
                },
              );
            }
            return [{ topicName: 't', partition: 0, errorCode: 0, baseOffset: '7' }];
          },
        };
      },
    } as unknown as Kafka;
    const publisher = new KafkaPublisher(kafka);
    await publisher.connect();
    await expect(publisher.send('t', [{ key: 'k', value: 'v' }])).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(producers).toEqual(['producer-1', 'producer-2']);
    expect(publisher.isConnected).toBe(true);
    await expect(publisher.send('t', [{ key: 'k', value: 'v' }])).resolves.toEqual([
      expect.objectContaining({ baseOffset: '7' }),
    ]);
  });

  it('reports a failed send as a RetryableError', async () => {
    const { kafka } = fakeKafka(async () => {
      throw new Error('This server does not host this topic-partition');
    });
    const publisher = new KafkaPublisher(kafka);
    const sent = publisher.send('missing.topic', [{ key: 'k', value: 'v' }]);
    await expect(sent).rejects.toBeInstanceOf(RetryableError);
    await expect(sent).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
  });

  it('connects once for concurrent callers, and again after a failed attempt', async () => {
    let connects = 0;
    let failNext = true;
    const kafka = {
      producer: () => ({
        connect: async () => {
          connects += 1;
          await new Promise((resolve) => setImmediate(resolve));
          if (failNext) {
            failNext = false;
            throw new Error('broker down');
          }
        },
        disconnect: async () => undefined,
      }),
    } as unknown as Kafka;
    const publisher = new KafkaPublisher(kafka);
    await expect(publisher.connect()).rejects.toThrow('broker down');
    expect(publisher.isConnected).toBe(false);
    await Promise.all([publisher.connect(), publisher.connect(), publisher.connect()]);
    expect(connects).toBe(2);
    expect(publisher.isConnected).toBe(true);
    await publisher.disconnect();
    expect(publisher.isConnected).toBe(false);
  });

  it('sends nothing for an empty batch', async () => {
    const { kafka, seen } = fakeKafka(async () => []);
    expect(await new KafkaPublisher(kafka).sendBatch([{ topic: 't', messages: [] }])).toEqual([]);
    expect(seen.batches).toEqual([]);
  });
});

describe('createKafkaClient', () => {
  it("routes kafkajs's own log entries to the given logger", () => {
    const entries: Array<[string, object, string]> = [];
    const logger: KafkaLogger = {
      debug: (context, message) => entries.push(['debug', context, message]),
      info: (context, message) => entries.push(['info', context, message]),
      warn: (context, message) => entries.push(['warn', context, message]),
      error: (context, message) => entries.push(['error', context, message]),
    };
    const kafka = createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'probe', logger });
    kafka.logger().warn('Connection timeout', { broker: '127.0.0.1:1' });
    kafka.logger().error('Crash', { groupId: 'g' });
    kafka.logger().info('not at the default level', {});
    expect(entries).toEqual([
      [
        'warn',
        expect.objectContaining({ component: 'kafkajs', broker: '127.0.0.1:1' }),
        'Connection timeout',
      ],
      ['error', expect.objectContaining({ component: 'kafkajs', groupId: 'g' }), 'Crash'],
    ]);
  });
});
