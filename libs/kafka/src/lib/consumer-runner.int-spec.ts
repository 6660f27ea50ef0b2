import { ConflictError, RetryableError, ValidationError } from '@concord/errors';

import {
  eventually,
  KafkaTestKit,
  kafkaTestKit,
  readAll,
  sleep,
  uniqueName,
} from '../../test/kafka-test-kit';
import { ConsumedMessage } from './consumed-message';
import { ConsumerRunner, ConsumerRunnerOptions } from './consumer-runner';

describe('ConsumerRunner against the real broker', () => {
  let kit: KafkaTestKit;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kit = await kafkaTestKit();
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop().catch(() => undefined)));
  });

  afterAll(async () => {
    await kit.close();
  });

  async function topicWith(partitions: number): Promise<string> {
    const topic = uniqueName('events');
    await kit.admin.ensureTopics([{ name: topic, partitions }]);
    return topic;
  }

  function startRunner(
    overrides: Partial<ConsumerRunnerOptions> & Pick<ConsumerRunnerOptions, 'topics' | 'handler'>,
  ) {
    const runner = new ConsumerRunner({
      client: kit.kafka,
      publisher: kit.publisher,
      topicAdmin: kit.admin,
      groupId: uniqueName('group'),
      fromBeginning: true,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      ...overrides,
    });
    runners.push(runner);
    return runner;
  }

  it('consumes each produced message exactly once and commits it', async () => {
    const topic = await topicWith(3);
    await kit.publisher.send(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 5}`, value: { n: i } })),
    );
    const seen: number[] = [];
    const runner = startRunner({
      topics: [topic],
      handler: async (m) => {
        seen.push((JSON.parse(m.value?.toString() ?? '{}') as { n: number }).n);
      },
    });
    await runner.start();
    await eventually(() => seen.length >= 30, 20000, '30 messages');
    await sleep(1500);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const groupId = (runner as unknown as { options: { groupId: string } }).options.groupId;
    await runner.stop();
    const lag = await kit.admin.groupLag(groupId, [topic]);
    expect(lag.reduce((sum, p) => sum + p.lag, 0)).toBe(0);
    expect(lag.reduce((sum, p) => sum + p.committed, 0)).toBe(30);
  });

  it('retries a retryable failure in place until it succeeds, with nothing dead-lettered', async () => {
    const topic = await topicWith(1);
    await kit.publisher.send(topic, [{ key: 'a', value: 'flaky' }]);
    const attempts: number[] = [];
    const runner = startRunner({
      topics: [topic],
      handler: async (m: ConsumedMessage) => {
        attempts.push(m.attempt);
        if (m.attempt < 3) throw new RetryableError('UPSTREAM_UNAVAILABLE', 'upstream 503');
      },
    });
    await runner.start();
    await eventually(() => attempts.length >= 3, 15000, 'three attempts');
    await sleep(500);
    expect(attempts).toEqual([1, 2, 3]);
    expect(await readAll(runner.deadLetterTopic, 0)).toEqual([]);
  });

  it('sends a permanent failure to the dead-letter topic with its original message and the error', async () => {
    const topic = await topicWith(1);
    await kit.publisher.send(topic, [
      {
        key: 'tenant-a:c1',
        value: '{"broken":true}',
        headers: { 'x-event-id': 'evt-1', 'x-tenant': 'tenant-a' },
      },
    ]);
    let calls = 0;
    const runner = startRunner({
      topics: [topic],
      handler: async () => {
        calls += 1;
        throw new ValidationError('INVALID_MESSAGE', 'email must be an email', [
          { field: 'email', message: 'bad' },
        ]);
      },
    });
    await runner.start();
    const [dead] = await readAll(runner.deadLetterTopic, 1);
    expect(calls).toBe(1);
    expect(dead.key).toBe('tenant-a:c1');
    expect(dead.value).toBe('{"broken":true}');
    expect(dead.headers).toMatchObject({
      'x-event-id': 'evt-1',
      'x-tenant': 'tenant-a',
      'x-dlq-original-topic': topic,
      'x-dlq-original-partition': '0',
      'x-dlq-original-offset': '0',
      'x-dlq-error-code': 'INVALID_MESSAGE',
      'x-dlq-error-category': 'validation',
      'x-dlq-error-message': 'email must be an email',
      'x-dlq-attempts': '1',
    });
  });

  it('dead-letters a retryable failure once its attempts are spent', async () => {
    const topic = await topicWith(1);
    await kit.publisher.send(topic, [{ key: 'a', value: 'always-down' }]);
    let calls = 0;
    const runner = startRunner({
      topics: [topic],
      retry: { maxAttempts: 3, inPlaceAttempts: 3, initialDelayMs: 20, maxDelayMs: 50 },
      handler: async () => {
        calls += 1;
        throw new RetryableError('UPSTREAM_UNAVAILABLE', 'still down');
      },
    });
    await runner.start();
    const [dead] = await readAll(runner.deadLetterTopic, 1);
    expect(calls).toBe(3);
    expect(dead.headers).toMatchObject({
      'x-dlq-error-category': 'retryable',
      'x-dlq-attempts': '3',
    });
  });

  it('dead-letters a conflict at once: retrying the same input cannot succeed', async () => {
    const topic = await topicWith(1);
    await kit.publisher.send(topic, [{ key: 'a', value: 'conflicting' }]);
    let calls = 0;
    const runner = startRunner({
      topics: [topic],
      handler: async () => {
        calls += 1;
        throw new ConflictError('SYNC_CONFLICT', 'both sides changed');
      },
    });
    await runner.start();
    const [dead] = await readAll(runner.deadLetterTopic, 1);
    expect(calls).toBe(1);
    expect(dead.headers['x-dlq-error-category']).toBe('conflict');
  });

  it('moves a failing message to the retry topic so the next one on its partition is not blocked', async () => {
    const topic = await topicWith(1);
    const retryTopic = uniqueName('retry');
    await kit.publisher.send(topic, [
      { key: 'k', value: 'first' },
      { key: 'k', value: 'second' },
    ]);
    const handled: string[] = [];
    const runner = startRunner({
      topics: [topic],
      retryTopic,
      retry: { inPlaceAttempts: 1, initialDelayMs: 1500, maxDelayMs: 1500 },
      random: () => 1,
      handler: async (m) => {
        const value = m.value?.toString() ?? '';
        if (value === 'first' && m.attempt === 1) throw new RetryableError('NETWORK', 'reset');
        handled.push(`${value}@${m.attempt}`);
      },
    });
    await runner.start();
    await eventually(() => handled.length >= 2, 20000, 'both messages');
    expect(handled).toEqual(['second@1', 'first@2']);
  });

  it('keeps its partitions through a handler longer than the session timeout', async () => {
    const topic = await topicWith(1);
    await kit.publisher.send(topic, [{ key: 'slow', value: 'long-work' }]);
    let calls = 0;
    const runner = startRunner({
      topics: [topic],
      handler: async () => {
        calls += 1;
        await sleep(9000);
      },
    });
    let joins = 0;
    const consumer = (
      runner as unknown as {
        consumer: { on(e: string, cb: () => void): void; events: { GROUP_JOIN: string } };
      }
    ).consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joins += 1;
    });
    await runner.start();
    await eventually(() => calls >= 1, 15000, 'the slow message');
    await sleep(11000);
    expect(calls).toBe(1);
    expect(joins).toBe(1);
  }, 40000);
});
