import { ConflictError, RetryableError, ValidationError } from '@concord/errors';

import {
  eventually,
  eventuallyAsync,
  KafkaTestKit,
  kafkaTestKit,
  readAll,
  sleep,
  uniqueName,
  waitForStableGroup,
} from '../../test/kafka-test-kit';
import { ConsumedMessage, ProcessedEvent } from './consumed-message';
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
    await kit?.close();
  });

  async function topicWith(partitions: number): Promise<string> {
    const topic = uniqueName('events');
    await kit.admin.ensureTopics([{ name: topic, partitions }]);
    return topic;
  }

  function startRunner(
    overrides: Partial<ConsumerRunnerOptions> & Pick<ConsumerRunnerOptions, 'topics' | 'handler'>,
  ): ConsumerRunner {
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

  async function committedOn(groupId: string, topic: string): Promise<number> {
    const lag = await kit.admin.groupLag(groupId, [topic]);
    return lag.reduce((sum, p) => sum + p.committed, 0);
  }

  it('consumes each produced message exactly once and commits it', async () => {
    const topic = await topicWith(3);
    await kit.publisher.send(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 5}`, value: { n: i } })),
    );
    const seen: number[] = [];
    const processed: ProcessedEvent[] = [];
    const runner = startRunner({
      topics: [topic],
      onProcessed: (event) => processed.push(event),
      handler: async (m) => {
        seen.push((JSON.parse(m.value?.toString() ?? '{}') as { n: number }).n);
      },
    });
    await runner.start();
    await eventually(() => seen.length >= 30, 20000, '30 messages');
    await runner.stop();
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const lag = await kit.admin.groupLag(runner.groupId, [topic]);
    expect(lag.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(lag.reduce((sum, p) => sum + p.lag, 0)).toBe(0);
    expect(lag.reduce((sum, p) => sum + p.committed, 0)).toBe(30);
    expect(processed).toHaveLength(30);
    expect(processed.every((p) => p.outcome === 'ok' && p.attempts === 1)).toBe(true);
    expect(await kit.countMessages(runner.deadLetterTopic)).toBe(0);
  });

  it('retries a retryable failure in place until it succeeds, commits it, and dead-letters nothing', async () => {
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
    await runner.stop();
    expect(attempts).toEqual([1, 2, 3]);
    expect(await committedOn(runner.groupId, topic)).toBe(1);
    expect(await kit.countMessages(runner.deadLetterTopic)).toBe(0);
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
    await runner.stop();
    expect(calls).toBe(1);
    expect(dead.key).toBe('tenant-a:c1');
    expect(dead.value).toBe('{"broken":true}');
    expect(dead.headers).toMatchObject({
      'x-event-id': 'evt-1',
      'x-tenant': 'tenant-a',
      'x-dlq-original-topic': topic,
      'x-dlq-original-partition': '0',
      'x-dlq-original-offset': '0',
      'x-dlq-consumer-group': runner.groupId,
      'x-dlq-error-code': 'INVALID_MESSAGE',
      'x-dlq-error-category': 'validation',
      'x-dlq-error-message': 'email must be an email',
      'x-dlq-attempts': '1',
    });
    expect(Number.isNaN(Date.parse(dead.headers['x-dlq-failed-at']))).toBe(false);
    expect(await committedOn(runner.groupId, topic)).toBe(1);
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
    expect(dead.value).toBe('always-down');
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
      { key: 'k', value: 'first', headers: { 'x-event-id': 'e-first' } },
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
        handled.push(`${value}@${m.attempt} from ${m.topic === topic ? 'its topic' : m.topic}`);
        if (value === 'first') expect(m.headers).toEqual({ 'x-event-id': 'e-first' });
      },
    });
    await runner.start();
    await eventually(() => handled.length >= 2, 20000, 'both messages');
    await runner.stop();
    expect(handled).toEqual(['second@1 from its topic', 'first@2 from its topic']);
    expect(await committedOn(runner.groupId, topic)).toBe(2);
    expect(await committedOn(runner.groupId, retryTopic)).toBe(1);
    expect(await kit.countMessages(runner.deadLetterTopic)).toBe(0);
  });

  it('keeps its partition through a handler longer than the session timeout: no other replica takes over', async () => {
    const topic = await topicWith(1);
    const groupId = uniqueName('group');
    const handledBy: string[] = [];
    const replica = (name: string): ConsumerRunner =>
      startRunner({
        groupId,
        topics: [topic],
        handler: async () => {
          handledBy.push(name);
          await sleep(9000);
        },
      });
    const replicas = [replica('a'), replica('b')];
    for (const r of replicas) await r.start();
    await waitForStableGroup(kit.kafka, groupId, 2);
    await kit.publisher.send(topic, [{ key: 'slow', value: 'long-work' }]);
    await eventually(() => handledBy.length >= 1, 15000, 'the slow message');
    // The work outlasts the 6 s session timeout. Without heartbeats the broker would evict the
    // busy member and the idle replica would take the partition and handle the message again.
    await eventuallyAsync(
      async () => handledBy.length > 1 || (await committedOn(groupId, topic)) === 1,
      25000,
      'the slow message to be committed or handled again',
    );
    await sleep(1000);
    expect(handledBy).toHaveLength(1);
    expect(await committedOn(groupId, topic)).toBe(1);
  }, 45000);
});
