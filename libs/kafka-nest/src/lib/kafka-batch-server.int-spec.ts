import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  type BatchHandlerResult,
  type ConsumedMessage,
  createKafkaClient,
  DeadLetterHeaderNames,
  KafkaPublisher,
  type MessageDisposition,
  TopicAdmin,
} from '@concord/kafka';
import {
  collectMessages,
  eventually,
  type MessageCollector,
  randomSuffix,
  testKafkaBrokers,
  testTopicPrefix,
} from '@concord/testing';
import { Controller, type INestMicroservice, Injectable } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';

import { BatchEventPattern } from './batch-event-pattern';
import type { BatchSubscription } from './batch-subscription';
import { KafkaBatchContext } from './kafka-batch-context';
import { KafkaBatchServer } from './kafka-batch-server';

const PATTERN = 'orders.batches';

/** Decides what becomes of each order; the test replaces it to fail a batch. */
@Injectable()
class OrderPolicy {
  disposition(order: string): MessageDisposition {
    if (order.startsWith('bad')) {
      return {
        kind: 'dead-letter',
        error: new ValidationError(
          ValidationErrorCode.INVALID_MESSAGE,
          `order ${order} is invalid`,
        ),
      };
    }
    return { kind: 'done' };
  }
}

/** Records every batch and echoes each good order onto the output topic. */
@Controller()
class OrdersHandler {
  static outputTopic = '';
  readonly batches: string[][] = [];
  readonly groups: string[] = [];

  constructor(private readonly policy: OrderPolicy) {}

  @BatchEventPattern(PATTERN)
  handle(
    @Payload() messages: ConsumedMessage[],
    @Ctx() context: KafkaBatchContext,
  ): BatchHandlerResult {
    const orders = messages.map((message) => String(message.value));
    this.batches.push(orders);
    this.groups.push(context.getGroupId());
    const dispositions = orders.map((order) => this.policy.disposition(order));
    const done = orders.filter((_, i) => dispositions[i]?.kind === 'done');
    return {
      dispositions,
      outputs: [
        {
          topic: OrdersHandler.outputTopic,
          messages: done.map((order) => ({ key: order, value: `handled ${order}` })),
        },
      ],
    };
  }
}

describe('KafkaBatchServer: @EventPattern handlers receiving batches from the real broker', () => {
  const brokers = testKafkaBrokers();
  const client = createKafkaClient({ brokers, clientId: `kafka-nest-${randomSuffix()}` });
  const admin = new TopicAdmin(client);
  const publisher = new KafkaPublisher(client);
  let app: INestMicroservice | undefined;
  let server: KafkaBatchServer | undefined;
  const collectors: MessageCollector[] = [];
  let names: { input: string; output: string; retry: string; deadLetters: string };
  const created: string[] = [];

  beforeAll(async () => {
    await publisher.connect();
  });

  beforeEach(async () => {
    const prefix = testTopicPrefix();
    names = {
      input: `${prefix}orders`,
      output: `${prefix}handled`,
      retry: `${prefix}orders-retry`,
      deadLetters: `${prefix}orders-dlq`,
    };
    OrdersHandler.outputTopic = names.output;
    await admin.ensureTopics(Object.values(names).map((name) => ({ name, partitions: 1 })));
    created.push(...Object.values(names));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await Promise.all(collectors.splice(0).map((collector) => collector.stop()));
  });

  afterAll(async () => {
    // Deleted only now: kafkajs's producer keeps asking for the metadata of every topic it wrote.
    await publisher.disconnect();
    await admin.deleteTopics(created).catch(() => undefined);
    await admin.disconnect();
  });

  function subscription(overrides: Partial<BatchSubscription> = {}): BatchSubscription {
    return {
      pattern: PATTERN,
      groupId: `${names.input}-group`,
      topics: [names.input],
      runner: {
        fromBeginning: true,
        sessionTimeoutMs: 6000,
        retryTopic: names.retry,
        deadLetterTopic: names.deadLetters,
        retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
      },
      ...overrides,
    };
  }

  async function start(
    policy: Partial<OrderPolicy> | undefined,
    subscriptions: BatchSubscription[] = [subscription()],
  ): Promise<{ handler: OrdersHandler; readiness: Map<string, () => boolean> }> {
    let builder = Test.createTestingModule({
      controllers: [OrdersHandler],
      providers: [OrderPolicy],
    });
    if (policy) builder = builder.overrideProvider(OrderPolicy).useValue(policy);
    const moduleRef = await builder.compile();
    const readiness = new Map<string, () => boolean>();
    server = new KafkaBatchServer({
      client,
      publisher,
      admin,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      },
      subscriptions,
      onReadinessCheck: (name, isReady) => readiness.set(name, isReady),
    });
    app = moduleRef.createNestMicroservice({ strategy: server, logger: false });
    await app.listen();
    return { handler: moduleRef.get(OrdersHandler), readiness };
  }

  it('hands the handler whole batches, produces its outputs and commits once they are sent', async () => {
    const orders = Array.from({ length: 40 }, (_, i) => `order-${i}`);
    await publisher.send(
      names.input,
      orders.map((order) => ({ key: order, value: order })),
    );
    const output = await collectMessages({ brokers, topic: names.output, fromBeginning: true });
    collectors.push(output);

    const { handler, readiness } = await start(undefined);

    await eventually(() => expect(output.messages).toHaveLength(40), { timeoutMs: 30_000 });
    expect(handler.batches.flat()).toEqual(orders);
    expect(Math.max(...handler.batches.map((batch) => batch.length))).toBeGreaterThan(1);
    expect(new Set(handler.groups)).toEqual(new Set([`${names.input}-group`]));
    expect(output.messages.map((m) => m.value)).toEqual(orders.map((o) => `handled ${o}`));
    await eventually(async () => {
      const lag = await admin.groupLag(`${names.input}-group`, [names.input]);
      expect(lag.reduce((sum, p) => sum + p.committed, 0)).toBe(40);
    });
    expect(readiness.get(`${names.input}-group`)?.()).toBe(true);
    expect(server?.isReady).toBe(true);
  });

  it('dead-letters one bad message with its reason while the rest of its batch is handled', async () => {
    await publisher.send(names.input, [
      { key: 'a', value: 'order-a' },
      { key: 'b', value: 'bad-b' },
      { key: 'c', value: 'order-c' },
    ]);
    const output = await collectMessages({ brokers, topic: names.output, fromBeginning: true });
    const deadLetters = await collectMessages({
      brokers,
      topic: names.deadLetters,
      fromBeginning: true,
    });
    collectors.push(output, deadLetters);

    await start(undefined);

    const dead = await deadLetters.waitFor(() => true, 30_000);
    expect(dead.value).toBe('bad-b');
    expect(dead.headers[DeadLetterHeaderNames.errorMessage]).toBe('order bad-b is invalid');
    await eventually(() =>
      expect(output.messages.map((m) => m.value)).toEqual(['handled order-a', 'handled order-c']),
    );
  });

  it('tries a batch again when its handler throws, without committing or producing before', async () => {
    await publisher.send(names.input, [{ key: 'x', value: 'order-x' }]);
    const output = await collectMessages({ brokers, topic: names.output, fromBeginning: true });
    collectors.push(output);
    let failures = 0;
    const flaky: Partial<OrderPolicy> = {
      disposition: () => {
        failures += 1;
        if (failures <= 2) throw new Error('database away');
        return { kind: 'done' };
      },
    };

    const { handler } = await start(flaky);

    await eventually(
      () => expect(output.messages.map((m) => m.value)).toEqual(['handled order-x']),
      {
        timeoutMs: 30_000,
      },
    );
    expect(handler.batches).toEqual([['order-x'], ['order-x'], ['order-x']]);
  });

  it("keeps a thrown error as it was (not Nest's 'Internal server error'), so its class decides: a permanent one is dead-lettered with its code at once", async () => {
    await publisher.send(names.input, [{ key: 'y', value: 'order-y' }]);
    const deadLetters = await collectMessages({
      brokers,
      topic: names.deadLetters,
      fromBeginning: true,
    });
    collectors.push(deadLetters);
    const refusing: Partial<OrderPolicy> = {
      disposition: (order) => {
        throw new ValidationError(ValidationErrorCode.INVALID_MESSAGE, `${order} is refused`);
      },
    };

    const { handler } = await start(refusing);

    const dead = await deadLetters.waitFor(() => true, 30_000);
    expect(dead.value).toBe('order-y');
    expect(dead.headers[DeadLetterHeaderNames.errorCode]).toBe('INVALID_MESSAGE');
    expect(dead.headers[DeadLetterHeaderNames.errorMessage]).toBe('order-y is refused');
    // Not retried: a permanent error is not worth another attempt.
    expect(handler.batches).toEqual([['order-y']]);
  });

  it('picks up topics created after it started when subscribed by a matcher', async () => {
    const later = `${names.input}-later`;
    const output = await collectMessages({ brokers, topic: names.output, fromBeginning: true });
    collectors.push(output);
    await start(undefined, [
      subscription({
        topics: {
          matches: (topic) => topic.startsWith(names.input),
          refreshMs: 500,
          exclude: [names.retry],
        },
      }),
    ]);

    await admin.ensureTopics([{ name: later, partitions: 1 }]);
    created.push(later);
    await publisher.send(later, [{ key: 'late', value: 'order-late' }]);

    await eventually(
      () => expect(output.messages.map((m) => m.value)).toEqual(['handled order-late']),
      {
        timeoutMs: 30_000,
      },
    );
  });

  it('refuses to listen when no handler is declared for a subscription, naming the pattern', async () => {
    await expect(start(undefined, [subscription({ pattern: 'nobody.listens' })])).rejects.toThrow(
      "No @EventPattern('nobody.listens') handler is declared",
    );
  });
});
