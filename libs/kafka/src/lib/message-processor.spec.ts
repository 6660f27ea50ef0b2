import {
  AuthError,
  ConcordError,
  NotFoundError,
  RateLimitedError,
  RetryableError,
  ValidationError,
} from '@concord/errors';

import { ConsumedMessage } from './consumed-message';
import { Delivery } from './delivery';
import { silentKafkaLogger } from './kafka-logger';
import { OutgoingMessage } from './kafka-publisher';
import { MessageProcessor, MessageProcessorOptions } from './message-processor';

const NOW = 1_700_000_000_000;

const delivery = (overrides: Partial<Delivery> = {}): Delivery => ({
  position: { topic: 'catalog.customer.v1', partition: 0, offset: '12' },
  message: {
    topic: 'catalog.customer.v1',
    partition: 0,
    offset: '12',
    key: 'acme:c1',
    value: Buffer.from('{"name":"Ada"}'),
    headers: { 'x-event-id': 'e1', 'x-tenant': 'acme' },
    timestamp: '0',
  },
  previousAttempts: 0,
  notBefore: 0,
  ...overrides,
});

interface Harness {
  processor: MessageProcessor;
  sent: Array<{ topic: string; messages: OutgoingMessage[] }>;
  sleeps: number[];
  attempts: number[];
}

/** A processor whose handler throws the given errors in turn, then succeeds. */
function harness(failures: unknown[], overrides: Partial<MessageProcessorOptions> = {}): Harness {
  const sent: Harness['sent'] = [];
  const sleeps: number[] = [];
  const attempts: number[] = [];
  const processor = new MessageProcessor({
    groupId: 'connector-stripe',
    handler: async (m: ConsumedMessage) => {
      attempts.push(m.attempt);
      const failure = failures[m.attempt - 1];
      if (failure !== undefined) throw failure;
    },
    publisher: {
      send: async (topic, messages) => {
        sent.push({ topic, messages });
        return [];
      },
    },
    policy: { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1000, inPlaceAttempts: 3 },
    deadLetterTopic: 'dlq.connector-stripe.v1',
    heartbeatIntervalMs: 1000,
    logger: silentKafkaLogger,
    random: () => 1,
    now: () => NOW,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
  return { processor, sent, sleeps, attempts };
}

const heartbeat = async (): Promise<void> => undefined;
const running = (): boolean => true;
const down = (): RetryableError =>
  new RetryableError('UPSTREAM_UNAVAILABLE', 'Stripe answered 503');

describe('MessageProcessor', () => {
  it('hands a message to the handler once and lets the offset be committed', async () => {
    const h = harness([]);
    expect(await h.processor.process(delivery(), 0, heartbeat, running)).toEqual({
      kind: 'done',
      outcome: 'ok',
      attempts: 1,
    });
    expect(h.attempts).toEqual([1]);
    expect(h.sent).toEqual([]);
  });

  it('retries a retryable failure in place with exponential backoff until it succeeds', async () => {
    const h = harness([down(), down()]);
    const result = await h.processor.process(delivery(), 0, heartbeat, running);
    expect(result).toEqual({ kind: 'done', outcome: 'ok', attempts: 3 });
    expect(h.attempts).toEqual([1, 2, 3]);
    expect(h.sleeps).toEqual([100, 200]);
    expect(h.sent).toEqual([]);
  });

  it('dead-letters a validation failure at once with the original message and the error', async () => {
    const h = harness([new ValidationError('INVALID_MESSAGE', 'email must be an email')]);
    const result = await h.processor.process(delivery(), 0, heartbeat, running);
    expect(result).toEqual({ kind: 'done', outcome: 'dead-lettered', attempts: 1 });
    expect(h.attempts).toEqual([1]);
    expect(h.sent).toHaveLength(1);
    const [{ topic, messages }] = h.sent;
    expect(topic).toBe('dlq.connector-stripe.v1');
    expect(messages[0]).toMatchObject({
      key: 'acme:c1',
      value: Buffer.from('{"name":"Ada"}'),
      headers: {
        'x-event-id': 'e1',
        'x-tenant': 'acme',
        'x-dlq-original-topic': 'catalog.customer.v1',
        'x-dlq-original-offset': '12',
        'x-dlq-consumer-group': 'connector-stripe',
        'x-dlq-error-code': 'INVALID_MESSAGE',
        'x-dlq-error-category': 'validation',
        'x-dlq-error-message': 'email must be an email',
        'x-dlq-attempts': '1',
        'x-dlq-failed-at': new Date(NOW).toISOString(),
      },
    });
  });

  it('dead-letters a not-found failure at once', async () => {
    const h = harness([new NotFoundError('UPSTREAM_NOT_FOUND', 'no such customer')]);
    await h.processor.process(delivery(), 0, heartbeat, running);
    expect(h.attempts).toEqual([1]);
    expect(h.sent[0].messages[0].headers?.['x-dlq-error-category']).toBe('not-found');
  });

  it('calls onAuthFailure before dead-lettering an auth failure', async () => {
    const events: string[] = [];
    let hookArgs: [ConsumedMessage, ConcordError] | undefined;
    const revoked = new AuthError('REVOKED_CREDENTIALS', 'the Stripe key was revoked');
    const h = harness([revoked], {
      onAuthFailure: async (message, error) => {
        hookArgs = [message, error];
        events.push('paused');
      },
      publisher: {
        send: async (topic) => {
          events.push(`sent to ${topic}`);
          return [];
        },
      },
    });
    const result = await h.processor.process(delivery(), 0, heartbeat, running);
    expect(result).toMatchObject({ outcome: 'dead-lettered', attempts: 1 });
    expect(events).toEqual(['paused', 'sent to dlq.connector-stripe.v1']);
    expect(hookArgs?.[0]).toMatchObject({ key: 'acme:c1', attempt: 1 });
    expect(hookArgs?.[1]).toBe(revoked);
  });

  it('still dead-letters an auth failure when the onAuthFailure hook itself fails', async () => {
    const h = harness([new AuthError('INVALID_CREDENTIALS', 'bad key')], {
      onAuthFailure: async () => {
        throw new Error('status topic unavailable');
      },
    });
    const result = await h.processor.process(delivery(), 0, heartbeat, running);
    expect(result).toMatchObject({ outcome: 'dead-lettered' });
    expect(h.sent.map((s) => s.topic)).toEqual(['dlq.connector-stripe.v1']);
  });

  it('without a retry topic, retries in place up to maxAttempts (never longer than maxDelayMs) and then dead-letters', async () => {
    const h = harness([down(), down(), down(), down(), down()]);
    const result = await h.processor.process(delivery(), 0, heartbeat, running);
    expect(result).toEqual({ kind: 'done', outcome: 'dead-lettered', attempts: 5 });
    expect(h.attempts).toEqual([1, 2, 3, 4, 5]);
    expect(h.sleeps).toEqual([100, 200, 400, 800]);
    expect(h.sent[0].messages[0].headers).toMatchObject({
      'x-dlq-error-category': 'retryable',
      'x-dlq-attempts': '5',
    });
  });

  it('with a retry topic, hands the message over after inPlaceAttempts so the partition moves on', async () => {
    const h = harness([down(), down(), down()], { retryTopic: 'connector.stripe.retry.v1' });
    const result = await h.processor.process(delivery(), 0, heartbeat, running);
    expect(result).toEqual({ kind: 'done', outcome: 'retried', attempts: 3 });
    expect(h.attempts).toEqual([1, 2, 3]);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0].topic).toBe('connector.stripe.retry.v1');
    expect(h.sent[0].messages[0]).toMatchObject({
      key: 'acme:c1',
      headers: {
        'x-event-id': 'e1',
        'x-retry-attempt': '3',
        'x-retry-not-before': String(NOW + 400),
        'x-retry-original-topic': 'catalog.customer.v1',
        'x-retry-original-offset': '12',
      },
    });
  });

  it('continues the attempt count of a message that came back from the retry topic', async () => {
    const h = harness([undefined, undefined, undefined, down(), down()], {
      retryTopic: 'connector.stripe.retry.v1',
    });
    const result = await h.processor.process(
      delivery({ previousAttempts: 3 }),
      3,
      heartbeat,
      running,
    );
    expect(result).toEqual({ kind: 'done', outcome: 'dead-lettered', attempts: 5 });
    expect(h.attempts).toEqual([4, 5]);
    expect(h.sent.map((s) => s.topic)).toEqual(['dlq.connector-stripe.v1']);
  });

  it('waits the Retry-After of a rate limit in place when it is short', async () => {
    const h = harness([new RateLimitedError('UPSTREAM_RATE_LIMITED', '429', 750)]);
    await h.processor.process(delivery(), 0, heartbeat, running);
    expect(h.sleeps).toEqual([750]);
    expect(h.attempts).toEqual([1, 2]);
  });

  it('defers a long rate limit instead of sleeping on the partition', async () => {
    const h = harness([new RateLimitedError('UPSTREAM_RATE_LIMITED', '429', 60_000)]);
    const result = await h.processor.process(delivery(), 0, heartbeat, running);
    expect(result).toEqual({ kind: 'defer', delayMs: 60_000, attempts: 1 });
    expect(h.sleeps).toEqual([]);
    expect(h.sent).toEqual([]);
  });

  it('defers a retry-topic message that is not due yet without calling the handler', async () => {
    const h = harness([]);
    const result = await h.processor.process(
      delivery({ notBefore: NOW + 2500, previousAttempts: 3 }),
      3,
      heartbeat,
      running,
    );
    expect(result).toEqual({ kind: 'defer', delayMs: 2500, attempts: 3 });
    expect(h.attempts).toEqual([]);
  });

  it('starts no further attempt once the runner is stopping', async () => {
    let isRunning = true;
    const h = harness([down(), down()], {
      sleep: async () => {
        isRunning = false;
      },
    });
    const result = await h.processor.process(delivery(), 0, heartbeat, () => isRunning);
    expect(result.kind).toBe('defer');
    expect(h.attempts).toEqual([1]);
  });

  it('fails (so the offset is not committed) when the dead-letter write fails', async () => {
    const h = harness([new ValidationError('INVALID_MESSAGE', 'bad')], {
      publisher: {
        send: async () => {
          throw new RetryableError('UPSTREAM_UNAVAILABLE', 'Kafka publish failed');
        },
      },
    });
    await expect(h.processor.process(delivery(), 0, heartbeat, running)).rejects.toThrow(
      'Kafka publish failed',
    );
  });

  it('heartbeats every heartbeatIntervalMs while a slow handler runs', async () => {
    jest.useFakeTimers();
    try {
      let beats = 0;
      const processor = new MessageProcessor({
        groupId: 'g',
        handler: () => new Promise((resolve) => setTimeout(resolve, 10_000)),
        publisher: { send: async () => [] },
        policy: { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1000, inPlaceAttempts: 3 },
        deadLetterTopic: 'dlq.g.v1',
        heartbeatIntervalMs: 1000,
        logger: silentKafkaLogger,
      });
      const done = processor.process(delivery(), 0, async () => void (beats += 1), running);
      await jest.advanceTimersByTimeAsync(10_000);
      expect(await done).toMatchObject({ kind: 'done', outcome: 'ok' });
      expect(beats).toBeGreaterThanOrEqual(9);
      const afterwards = beats;
      await jest.advanceTimersByTimeAsync(5_000);
      expect(beats).toBe(afterwards);
    } finally {
      jest.useRealTimers();
    }
  });
});
