import { EventEmitter } from 'node:events';

import { RateLimitedError, ValidationError } from '@concord/errors';

import { backoffDelay } from './backoff';
import { ConsumedMessage } from './consumed-message';
import { buildDeadLetter } from './dead-letter';
import { decodeHeaders, encodeHeaders } from './headers';
import { installSignalHandlers } from './signals';

const message = (overrides: Partial<ConsumedMessage> = {}): ConsumedMessage => ({
  topic: 'catalog.customer.v1',
  partition: 2,
  offset: '41',
  key: 'acme:c1',
  value: Buffer.from('{"a":1}'),
  headers: { 'x-event-id': 'e1' },
  timestamp: '0',
  attempt: 4,
  heartbeat: async () => undefined,
  ...overrides,
});

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000 };

  it('grows exponentially up to the cap, with full jitter below it', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });
});

describe('buildDeadLetter', () => {
  it('keeps the original message and adds the failure context', () => {
    const error = new ValidationError('INVALID_MESSAGE', 'name is required', [
      { field: 'name', message: 'required' },
    ]);
    const dead = buildDeadLetter(
      message(),
      error,
      'connector-stripe',
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(dead.key).toBe('acme:c1');
    expect(dead.value).toEqual(Buffer.from('{"a":1}'));
    expect(dead.headers).toEqual({
      'x-event-id': 'e1',
      'x-dlq-original-topic': 'catalog.customer.v1',
      'x-dlq-original-partition': '2',
      'x-dlq-original-offset': '41',
      'x-dlq-consumer-group': 'connector-stripe',
      'x-dlq-error-code': 'INVALID_MESSAGE',
      'x-dlq-error-category': 'validation',
      'x-dlq-error-message': 'name is required',
      'x-dlq-attempts': '4',
      'x-dlq-failed-at': '2026-01-02T03:04:05.000Z',
    });
  });

  it('names the topic a retried message first came from', () => {
    const error = new RateLimitedError('UPSTREAM_RATE_LIMITED', '429', 1000);
    const dead = buildDeadLetter(
      message({
        topic: 'connector.stripe.retry.v1',
        headers: { 'x-retry-original-topic': 'catalog.invoice.v1' },
      }),
      error,
      'connector-stripe',
      new Date(0),
    );
    expect(dead.headers?.['x-dlq-original-topic']).toBe('catalog.invoice.v1');
  });
});

describe('headers', () => {
  it('round-trips string headers through Kafka buffers', () => {
    const encoded = encodeHeaders({ 'x-tenant': 'acme', 'x-correlation-id': 'c-1' });
    expect(Buffer.isBuffer(encoded['x-tenant'])).toBe(true);
    expect(decodeHeaders(encoded)).toEqual({ 'x-tenant': 'acme', 'x-correlation-id': 'c-1' });
  });
});

describe('installSignalHandlers', () => {
  it('stops runners before disconnecting the rest, then exits 0', async () => {
    const calls: string[] = [];
    const signals = new EventEmitter();
    const exited = new Promise<number>((resolve) => {
      installSignalHandlers(
        [{ stop: async () => void calls.push('runner stopped') }],
        [{ disconnect: async () => void calls.push('publisher disconnected') }],
        resolve,
        signals,
      );
    });
    signals.emit('SIGTERM');
    expect(await exited).toBe(0);
    expect(calls).toEqual(['runner stopped', 'publisher disconnected']);
  });
});
