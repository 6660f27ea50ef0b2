import { RetryableError, ValidationError } from '@concord/errors';
import { Kafka, logLevel } from 'kafkajs';

import {
  brokers,
  eventually,
  eventuallyAsync,
  KafkaTestKit,
  kafkaTestKit,
  readAll,
  sleep,
  uniqueName,
} from '../../test/kafka-test-kit';
import { BatchHandler, MessageDisposition } from './batch-handler';
import { ConsumerRunner, ConsumerRunnerOptions } from './consumer-runner';
import { DeadLetterHeaderNames, RetryHeaders } from './delivery-headers';
import { KafkaPublisher } from './kafka-publisher';

/** Counts the requests a client puts on the wire, by API (kafkajs logs each one at debug). */
function countingClient(): { kafka: Kafka; requests: (api: string) => number } {
  const counts = new Map<string, number>();
  const kafka = new Kafka({
    brokers,
    clientId: uniqueName('counted'),
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      const match = /^Request (\w+)\(/.exec(entry.log.message);
      if (match?.[1]) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    },
  });
  return { kafka, requests: (api) => counts.get(api) ?? 0 };
}

const valueOf = (m: { value: Buffer | string | null }): string => String(m.value);

describe('ConsumerRunner in batch mode against the real broker', () => {
  let kit: KafkaTestKit;
  const runners: ConsumerRunner[] = [];
  const publishers: KafkaPublisher[] = [];

  beforeAll(async () => {
    kit = await kafkaTestKit();
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop().catch(() => undefined)));
    await Promise.all(publishers.splice(0).map((p) => p.disconnect().catch(() => undefined)));
  });

  afterAll(async () => {
    await kit?.close();
  });

  async function topics(): Promise<{ input: string; output: string; retry: string }> {
    const names = {
      input: uniqueName('in'),
      output: uniqueName('out'),
      retry: uniqueName('retry'),
    };
    await kit.admin.ensureTopics([
      { name: names.input, partitions: 1 },
      { name: names.output, partitions: 3 },
      { name: names.retry, partitions: 1 },
    ]);
    return names;
  }

  function runner(
    kafka: Kafka,
    publisher: ConsumerRunnerOptions['publisher'],
    options: Pick<ConsumerRunnerOptions, 'topics' | 'batchHandler' | 'retryTopic'> &
      Partial<ConsumerRunnerOptions>,
  ): ConsumerRunner {
    const created = new ConsumerRunner({
      client: kafka,
      publisher,
      topicAdmin: kit.admin,
      groupId: uniqueName('group'),
      fromBeginning: true,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      retry: { initialDelayMs: 20, maxDelayMs: 100 },
      ...options,
    });
    runners.push(created);
    return created;
  }

  /** Echoes every input to the output topic, except the values it is told to retry or refuse. */
  function echoHandler(
    output: string,
    handled: string[],
    dispositionFor: (value: string) => MessageDisposition = () => ({ kind: 'done' }),
  ): BatchHandler {
    return async (messages) => {
      handled.push(...messages.map(valueOf));
      const dispositions = messages.map((m) => dispositionFor(valueOf(m)));
      return {
        dispositions,
        outputs: [
          {
            topic: output,
            messages: messages
              .filter((_, i) => dispositions[i]?.kind === 'done')
              .map((m) => ({ key: m.key, value: `out-${valueOf(m)}` })),
          },
        ],
      };
    };
  }

  it('sends the outputs, retries and dead letters of a batch in one produce request and commits once', async () => {
    const { input, output, retry } = await topics();
    const total = 20;
    await kit.publisher.send(
      input,
      Array.from({ length: total }, (_, i) => ({ key: `k${i % 4}`, value: String(i) })),
    );
    const { kafka, requests } = countingClient();
    const publisher = new KafkaPublisher(kafka);
    publishers.push(publisher);
    const handled: string[] = [];
    const sizes: number[] = [];
    const handler = echoHandler(output, handled, (value) => {
      if (value === '3')
        return {
          kind: 'retry',
          delayMs: 60_000,
          error: new RetryableError('UPSTREAM_UNAVAILABLE', 'try later'),
        };
      if (value === '5')
        return { kind: 'dead-letter', error: new ValidationError('INVALID', 'refused') };
      return { kind: 'done' };
    });
    const consumer = runner(kafka, publisher, {
      topics: [input],
      retryTopic: retry,
      batchHandler: async (messages) => {
        sizes.push(messages.length);
        return handler(messages);
      },
    });
    await publisher.connect();
    const producedBefore = requests('Produce');

    await consumer.start();
    await eventuallyAsync(
      async () => (await kit.countMessages(output)) >= total - 2,
      20000,
      'the outputs',
    );
    await eventuallyAsync(
      async () => (await kit.admin.groupLag(consumer.groupId, [input]))[0]?.committed === total,
      20000,
      'the commit',
    );
    await sleep(500);

    expect(sizes).toEqual([total]);
    expect(handled).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(requests('Produce') - producedBefore).toBe(1);
    expect(requests('OffsetCommit')).toBe(1);
    const outputs = await readAll(output, total - 2);
    expect(outputs.map((m) => m.value).sort()).toEqual(
      Array.from({ length: total }, (_, i) => `out-${i}`)
        .filter((v) => v !== 'out-3' && v !== 'out-5')
        .sort(),
    );
    const [retried] = await readAll(retry, 1);
    expect(retried).toMatchObject({ key: 'k3', value: '3' });
    expect(retried?.headers[RetryHeaders.consumerGroup]).toBe(consumer.groupId);
    expect(retried?.headers[RetryHeaders.attempt]).toBe('1');
    const [dead] = await readAll(consumer.deadLetterTopic, 1);
    expect(dead).toMatchObject({ key: 'k1', value: '5' });
    expect(dead?.headers[DeadLetterHeaderNames.errorCode]).toBe('INVALID');
  }, 60000);

  it('tries a batch that failed midway again whole: every output once, one produce, one commit', async () => {
    const { input, output, retry } = await topics();
    const total = 12;
    await kit.publisher.send(
      input,
      Array.from({ length: total }, (_, i) => ({ key: `k${i % 3}`, value: String(i) })),
    );
    const { kafka, requests } = countingClient();
    const publisher = new KafkaPublisher(kafka);
    publishers.push(publisher);
    const handled: string[] = [];
    const echo = echoHandler(output, handled);
    let calls = 0;
    const consumer = runner(kafka, publisher, {
      topics: [input],
      retryTopic: retry,
      batchHandler: async (messages) => {
        calls += 1;
        // The first try gets halfway through the batch, then the database goes away.
        if (calls === 1) {
          handled.push(...messages.slice(0, 6).map(valueOf));
          throw new RetryableError('UPSTREAM_UNAVAILABLE', 'database unavailable');
        }
        return echo(messages);
      },
    });
    await publisher.connect();
    const producedBefore = requests('Produce');

    await consumer.start();
    await eventuallyAsync(
      async () => (await kit.admin.groupLag(consumer.groupId, [input]))[0]?.committed === total,
      20000,
      'the commit',
    );

    expect(calls).toBe(2);
    const outputs = await readAll(output, total);
    expect(outputs.map((m) => m.value).sort()).toEqual(
      Array.from({ length: total }, (_, i) => `out-${i}`).sort(),
    );
    expect(requests('Produce') - producedBefore).toBe(1);
    expect(requests('OffsetCommit')).toBe(1);
    expect(await kit.countMessages(retry)).toBe(0);
  }, 60000);

  it('keeps a batch whose produce was refused, and sends it once the broker takes it', async () => {
    const { input, output, retry } = await topics();
    const total = 8;
    await kit.publisher.send(
      input,
      Array.from({ length: total }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    );
    let refusals = 1;
    const flaky: ConsumerRunnerOptions['publisher'] = {
      connect: () => kit.publisher.connect(),
      send: (topic, messages) => kit.publisher.send(topic, messages),
      sendBatch: async (batches) => {
        if (refusals-- > 0)
          throw new RetryableError('UPSTREAM_UNAVAILABLE', 'Kafka publish failed');
        return kit.publisher.sendBatch(batches);
      },
    };
    const consumer = runner(kit.kafka, flaky, {
      topics: [input],
      retryTopic: retry,
      batchHandler: echoHandler(output, []),
    });

    await consumer.start();
    await eventuallyAsync(
      async () => (await kit.admin.groupLag(consumer.groupId, [input]))[0]?.committed === total,
      20000,
      'the commit',
    );

    expect(refusals).toBe(-1);
    expect((await readAll(output, total)).map((m) => m.value).sort()).toEqual(
      Array.from({ length: total }, (_, i) => `out-${i}`).sort(),
    );
  }, 60000);

  it('commits nothing of a batch cut short by a stop: the next member handles it whole, once', async () => {
    const { input, output, retry } = await topics();
    const total = 10;
    await kit.publisher.send(
      input,
      Array.from({ length: total }, (_, i) => ({ key: `k${i % 2}`, value: String(i) })),
    );
    const groupId = uniqueName('group');
    let inFlight = false;
    let release: () => void = () => undefined;
    const first = runner(kit.kafka, kit.publisher, {
      groupId,
      topics: [input],
      retryTopic: retry,
      batchHandler: async () => {
        inFlight = true;
        await new Promise<void>((resolve) => (release = resolve));
        throw new RetryableError('UPSTREAM_UNAVAILABLE', 'the process is going down');
      },
    });
    await first.start();
    await eventually(() => inFlight, 20000, 'the first batch to be in flight');
    const stopping = first.stop();
    release();
    await stopping;
    expect(await kit.countMessages(output)).toBe(0);

    const handled: string[] = [];
    const second = runner(kit.kafka, kit.publisher, {
      groupId,
      topics: [input],
      retryTopic: retry,
      batchHandler: echoHandler(output, handled),
    });
    await second.start();
    await eventuallyAsync(
      async () => (await kit.admin.groupLag(groupId, [input]))[0]?.committed === total,
      20000,
      'the commit',
    );

    expect(handled).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect((await readAll(output, total)).map((m) => m.value).sort()).toEqual(
      Array.from({ length: total }, (_, i) => `out-${i}`).sort(),
    );
  }, 60000);

  it('hands a retried message back to the handler when due, and dead-letters it past maxAttempts', async () => {
    const { input, output, retry } = await topics();
    await kit.publisher.send(input, [{ key: 'k', value: 'flaky' }]);
    const attempts: number[] = [];
    const consumer = runner(kit.kafka, kit.publisher, {
      topics: [input],
      retryTopic: retry,
      retry: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 },
      batchHandler: async (messages) => {
        attempts.push(...messages.map((m) => m.attempt));
        return {
          dispositions: messages.map(() => ({
            kind: 'retry' as const,
            delayMs: 100,
            error: new RetryableError('UPSTREAM_UNAVAILABLE', 'still down'),
          })),
          outputs: [{ topic: output, messages: [] }],
        };
      },
    });

    await consumer.start();
    const [dead] = await readAll(consumer.deadLetterTopic, 1, 20000);

    expect(attempts).toEqual([1, 2, 3]);
    expect(dead).toMatchObject({ key: 'k', value: 'flaky' });
    expect(dead?.headers[DeadLetterHeaderNames.attempts]).toBe('3');
  }, 60000);
});
