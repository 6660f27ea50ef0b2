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

  it('merges sends made while a request is in flight into the next request, keeping their order', async () => {
    let release: () => void = () => undefined;
    const { kafka, seen } = fakeKafka(async (batch) => {
      if (seen.batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return (batch.topicMessages ?? []).map((t) => ({ topicName: t.topic, partition: 0 }));
    });
    const publisher = new KafkaPublisher(kafka);
    const first = publisher.send('state', [{ key: 'a', value: '1' }]);
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = [
      publisher.send('state', [{ key: 'b', value: '2' }]),
      publisher.send('outcomes', [{ key: 'b', value: '3' }]),
      publisher.send('state', [{ key: 'c', value: '4' }]),
    ];
    release();
    const results = await Promise.all([first, ...waiting]);

    expect(seen.batches).toHaveLength(2);
    expect(
      seen.batches[1].topicMessages?.map((t) => [t.topic, t.messages.map((m) => m.value)]),
    ).toEqual([
      ['state', ['2', '4']],
      ['outcomes', ['3']],
    ]);
    // Each caller gets the acknowledgements of its own topics.
    expect(results.map((r) => r.map((m) => m.topicName))).toEqual([
      ['state'],
      ['state'],
      ['outcomes'],
      ['state'],
    ]);
  });

  it('fails every send merged into a failed request, and goes on with the next ones', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const { kafka } = fakeKafka(async () => {
      calls += 1;
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      if (calls === 2) throw new Error('NOT_ENOUGH_REPLICAS');
      return [];
    });
    const publisher = new KafkaPublisher(kafka);
    const first = publisher.send('t', [{ key: 'a', value: '1' }]);
    await new Promise((resolve) => setImmediate(resolve));
    const merged = [
      publisher.send('t', [{ key: 'b', value: '2' }]),
      publisher.send('t', [{ key: 'c', value: '3' }]),
    ];
    release();
    await first;
    for (const sent of merged) await expect(sent).rejects.toBeInstanceOf(RetryableError);
    await expect(publisher.send('t', [{ key: 'd', value: '4' }])).resolves.toEqual([]);
  });

  it('splits waiting sends so that one request stays well under the broker limit', async () => {
    let release: () => void = () => undefined;
    const { kafka, seen } = fakeKafka(async () => {
      if (seen.batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return [];
    });
    const publisher = new KafkaPublisher(kafka);
    const first = publisher.send('t', [{ key: 'a', value: 'x' }]);
    await new Promise((resolve) => setImmediate(resolve));
    const big = 'y'.repeat(200 * 1024);
    const waiting = [1, 2, 3, 4].map((n) => publisher.send('t', [{ key: `k${n}`, value: big }]));
    release();
    await Promise.all([first, ...waiting]);
    expect(seen.batches.map((b) => b.topicMessages?.[0].messages.length)).toEqual([1, 2, 2]);
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
