import { RateLimitedError, RetryableError, ValidationError } from '@concord/errors';
import { eventually } from '@concord/testing';
import { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';

import { ConsumedMessage, ProcessedEvent } from './consumed-message';
import { ConsumerRunner, ConsumerRunnerOptions } from './consumer-runner';
import { encodeHeaders } from './headers';
import { OutgoingMessage } from './kafka-publisher';

type EachBatch = (payload: EachBatchPayload) => Promise<void>;

/** A stand-in for kafkajs that records what the runner asks of it. */
function fakeKafka() {
  const state = {
    eachBatch: undefined as EachBatch | undefined,
    runConfig: {} as Record<string, unknown>,
    subscribed: [] as Array<string | RegExp>,
    seeks: [] as Array<{ topic: string; partition: number; offset: string }>,
    stopped: false,
    runs: 0,
    listeners: new Map<string, (event: { payload: Record<string, unknown> }) => void>(),
  };
  const consumer = {
    events: { GROUP_JOIN: 'group-join', CRASH: 'crash' },
    on: (event: string, listener: (event: { payload: Record<string, unknown> }) => void) =>
      state.listeners.set(event, listener),
    connect: async () => undefined,
    disconnect: async () => undefined,
    subscribe: async ({ topics }: { topics: Array<string | RegExp> }) => {
      state.subscribed = topics;
    },
    run: async (config: Record<string, unknown> & { eachBatch: EachBatch }) => {
      state.runs += 1;
      state.runConfig = config;
      state.eachBatch = config.eachBatch;
    },
    stop: async () => {
      state.stopped = true;
    },
    seek: (position: { topic: string; partition: number; offset: string }) =>
      state.seeks.push(position),
  };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  return { kafka, state };
}

const record = (
  offset: string,
  value: string,
  headers: Record<string, string> = {},
): KafkaMessage => ({
  key: Buffer.from('acme:c1'),
  value: Buffer.from(value),
  timestamp: '0',
  attributes: 0,
  offset,
  headers: encodeHeaders(headers),
});

/** A batch payload that logs resolves, commits and pauses into `log`. */
function batchPayload(
  topic: string,
  messages: KafkaMessage[],
  log: string[],
  running = () => true,
) {
  const payload = {
    batch: { topic, partition: 0, messages },
    resolveOffset: (offset: string) => log.push(`resolve ${offset}`),
    heartbeat: async () => undefined,
    isRunning: running,
    isStale: () => false,
    pause: () => {
      log.push('pause');
      return () => log.push('resume');
    },
    commitOffsetsIfNecessary: async (offsets?: {
      topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
    }) => {
      const p = offsets?.topics[0].partitions[0];
      log.push(`commit ${offsets?.topics[0].topic}:${p?.partition}@${p?.offset}`);
    },
  };
  return payload as unknown as EachBatchPayload;
}

async function startedRunner(
  handler: (m: ConsumedMessage, log: string[]) => Promise<void>,
  overrides: Partial<ConsumerRunnerOptions> = {},
) {
  const { kafka, state } = fakeKafka();
  const log: string[] = [];
  const sent: Array<{ topic: string; messages: OutgoingMessage[] }> = [];
  const processed: ProcessedEvent[] = [];
  const runner = new ConsumerRunner({
    client: kafka,
    groupId: 'connector-stripe',
    topics: ['catalog.customer.v1'],
    handler: (m) => handler(m, log),
    publisher: {
      connect: async () => undefined,
      send: async (topic, messages) => {
        log.push(`send ${topic}`);
        sent.push({ topic, messages });
        return [];
      },
    },
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    onProcessed: (event) => processed.push(event),
    ...overrides,
  });
  await runner.start();
  const eachBatch = state.eachBatch as EachBatch;
  return { runner, state, log, sent, processed, eachBatch };
}

/** What kafkajs emits as the member joins, and when it crashes (restarting itself or not). */
function emit(state: ReturnType<typeof fakeKafka>['state'], event: string, payload = {}): void {
  state.listeners.get(event)?.({ payload });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConsumerRunner (with kafkajs stubbed)', () => {
  it('is ready once it joined, not after a crash, and again once it rejoined', async () => {
    const { runner, state } = await startedRunner(async () => undefined);
    expect(runner.isReady).toBe(false);
    emit(state, 'group-join');
    expect(runner.isReady).toBe(true);
    emit(state, 'crash', { error: new Error('lost the coordinator'), restart: true });
    expect(runner.isReady).toBe(false);
    emit(state, 'group-join');
    expect(runner.isReady).toBe(true);
  });

  it('rejoins by itself after a crash kafkajs gives up on, backing off while it keeps crashing', async () => {
    const { runner, state } = await startedRunner(async () => undefined, {
      crashRecoveryMs: 20,
    });
    emit(state, 'group-join');
    expect(state.runs).toBe(1);
    emit(state, 'crash', { error: new Error('not retriable'), restart: false });
    await eventually(() => expect(state.runs).toBe(2), { intervalMs: 5 });
    expect(state.subscribed).toEqual(['catalog.customer.v1']);
    // A second crash in a row waits twice as long (40 ms) before the third run.
    emit(state, 'crash', { error: new Error('not retriable'), restart: false });
    await wait(10);
    expect(state.runs).toBe(2);
    await eventually(() => expect(state.runs).toBe(3), { intervalMs: 5 });
    emit(state, 'group-join');
    expect(runner.isReady).toBe(true);
  });

  it('leaves restarting to kafkajs when it restarts by itself, and does not rejoin once stopped', async () => {
    const { runner, state } = await startedRunner(async () => undefined, {
      crashRecoveryMs: 10,
    });
    emit(state, 'crash', { error: new Error('retriable'), restart: true });
    await wait(40);
    expect(state.runs).toBe(1);
    emit(state, 'crash', { error: new Error('not retriable'), restart: false });
    await runner.stop();
    await wait(40);
    expect(state.runs).toBe(1);
  });

  it('runs with autoCommit off and commits each offset only after its handler returned', async () => {
    const { state, log, processed, eachBatch } = await startedRunner(async (m, log) => {
      log.push(`handle ${m.value?.toString()}`);
    });
    expect(state.runConfig).toMatchObject({ autoCommit: false, eachBatchAutoResolve: false });
    await eachBatch(batchPayload('catalog.customer.v1', [record('5', 'a'), record('6', 'b')], log));
    expect(log).toEqual([
      'handle a',
      'resolve 5',
      'commit catalog.customer.v1:0@6',
      'handle b',
      'resolve 6',
      'commit catalog.customer.v1:0@7',
    ]);
    expect(processed.map((p) => [p.offset, p.outcome, p.attempts])).toEqual([
      ['5', 'ok', 1],
      ['6', 'ok', 1],
    ]);
  });

  it('commits a permanently failing message only after its dead letter was written', async () => {
    const { log, eachBatch } = await startedRunner(async () => {
      throw new ValidationError('INVALID_MESSAGE', 'bad');
    });
    await eachBatch(batchPayload('catalog.customer.v1', [record('0', 'x')], log));
    expect(log).toEqual([
      'send dlq.connector-stripe.v1',
      'resolve 0',
      'commit catalog.customer.v1:0@1',
    ]);
  });

  it('commits nothing when the dead-letter write fails, so the message comes again', async () => {
    const { log, eachBatch } = await startedRunner(
      async () => {
        throw new ValidationError('INVALID_MESSAGE', 'bad');
      },
      {
        publisher: {
          connect: async () => undefined,
          send: async () => {
            throw new RetryableError('UPSTREAM_UNAVAILABLE', 'Kafka publish failed');
          },
        },
      },
    );
    await expect(
      eachBatch(batchPayload('catalog.customer.v1', [record('0', 'x'), record('1', 'y')], log)),
    ).rejects.toThrow('Kafka publish failed');
    expect(log.filter((l) => l.startsWith('commit') || l.startsWith('resolve'))).toEqual([]);
  });

  it('subscribes to its retry topic and pauses that partition until a message is due', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const { state, log, eachBatch } = await startedRunner(
        async (m, log) => void log.push(`handle ${m.value?.toString()}@${m.attempt}`),
        { retryTopic: 'connector.stripe.retry.v1' },
      );
      expect(state.subscribed).toEqual(['catalog.customer.v1', 'connector.stripe.retry.v1']);
      const due = {
        'x-retry-attempt': '3',
        'x-retry-not-before': String(1_000_000 + 3000),
        'x-retry-original-topic': 'catalog.customer.v1',
      };
      const retried = [record('0', 'later', due), record('1', 'after')];
      await eachBatch(batchPayload('connector.stripe.retry.v1', retried, log));
      expect(log).toEqual(['pause']);
      expect(state.seeks).toEqual([
        { topic: 'connector.stripe.retry.v1', partition: 0, offset: '0' },
      ]);
      await jest.advanceTimersByTimeAsync(3000);
      expect(log).toEqual(['pause', 'resume']);
      await eachBatch(batchPayload('connector.stripe.retry.v1', retried, log));
      expect(log.slice(2, 5)).toEqual([
        'handle later@4',
        'resolve 0',
        'commit connector.stripe.retry.v1:0@1',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("skips and commits another group's records on a shared retry topic", async () => {
    const { log, eachBatch } = await startedRunner(async (_m, log) => void log.push('handle'), {
      retryTopic: 'connector.stripe.retry.v1',
    });
    const foreign = record('4', 'x', {
      'x-retry-attempt': '1',
      'x-retry-original-topic': 'catalog.customer.v1',
      'x-retry-consumer-group': 'someone-else',
    });
    await eachBatch(batchPayload('connector.stripe.retry.v1', [foreign], log));
    expect(log).toEqual(['resolve 4', 'commit connector.stripe.retry.v1:0@5']);
  });

  it('remembers the attempts of a message it deferred for a long rate limit', async () => {
    jest.useFakeTimers();
    try {
      const { log, eachBatch, processed } = await startedRunner(async (m, log) => {
        log.push(`handle@${m.attempt}`);
        if (m.attempt === 1) throw new RateLimitedError('UPSTREAM_RATE_LIMITED', '429', 60_000);
      });
      await eachBatch(batchPayload('catalog.customer.v1', [record('9', 'x')], log));
      expect(log).toEqual(['handle@1', 'pause']);
      await jest.advanceTimersByTimeAsync(60_000);
      await eachBatch(batchPayload('catalog.customer.v1', [record('9', 'x')], log));
      expect(log).toEqual([
        'handle@1',
        'pause',
        'resume',
        'handle@2',
        'resolve 9',
        'commit catalog.customer.v1:0@10',
      ]);
      expect(processed).toEqual([expect.objectContaining({ outcome: 'ok', attempts: 2 })]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('starts no new message once stopped, leaving it uncommitted for the next owner', async () => {
    const current: { runner?: ConsumerRunner } = {};
    const started = await startedRunner(async (m, log) => {
      log.push(`handle ${m.value?.toString()}`);
      await current.runner?.stop();
    });
    current.runner = started.runner;
    await started.eachBatch(
      batchPayload('catalog.customer.v1', [record('0', 'a'), record('1', 'b')], started.log),
    );
    expect(started.state.stopped).toBe(true);
    expect(started.log).toEqual(['handle a', 'resolve 0', 'commit catalog.customer.v1:0@1']);
  });
});
