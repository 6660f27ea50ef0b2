import { EventEmitter } from 'node:events';

import { RateLimitedError, ValidationError } from '@concord/errors';
import fc from 'fast-check';

import { backoffDelay } from './backoff';
import { ConsumedMessage } from './consumed-message';
import { buildDeadLetter } from './dead-letter';
import { classifyHandlerError } from './handler-error';
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

  it('stays within [0, min(maxDelayMs, initialDelayMs * 2^(attempt-1))] for any attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, initialDelayMs, extra, draw) => {
          const bounds = { initialDelayMs, maxDelayMs: initialDelayMs + extra };
          const delay = backoffDelay(attempt, bounds, () => draw);
          const ceiling = Math.min(bounds.maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
          return Number.isInteger(delay) && delay >= 0 && delay <= ceiling;
        },
      ),
    );
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

  it('says a rate limit was the last failure', () => {
    const error = new RateLimitedError('UPSTREAM_RATE_LIMITED', 'Stripe answered 429', 1000);
    const dead = buildDeadLetter(message(), error, 'connector-stripe', new Date(0));
    expect(dead.headers?.['x-dlq-error-category']).toBe('rate-limited');
  });

  it('never carries the text of an unclassified error, which may quote a secret', () => {
    const thrown = new TypeError('request to https://user:sk_live_123@api.example failed');
    const dead = buildDeadLetter(message(), classifyHandlerError(thrown), 'g', new Date(0));
    expect(dead.headers?.['x-dlq-error-message']).toBe(
      'Unclassified TypeError thrown by the handler',
    );
    expect(JSON.stringify(dead.headers)).not.toContain('sk_live_123');
    expect(dead.headers?.['x-dlq-error-category']).toBe('retryable');
  });
});

describe('headers', () => {
  it('round-trips string headers through Kafka buffers', () => {
    const encoded = encodeHeaders({ 'x-tenant': 'acme', 'x-correlation-id': 'c-1' });
    expect(Buffer.isBuffer(encoded['x-tenant'])).toBe(true);
    expect(decodeHeaders(encoded)).toEqual({ 'x-tenant': 'acme', 'x-correlation-id': 'c-1' });
  });

  it('reads the first value of a repeated header and string values as they are', () => {
    expect(
      decodeHeaders({ a: [Buffer.from('one'), Buffer.from('two')], b: 'plain', c: undefined }),
    ).toEqual({ a: 'one', b: 'plain' });
  });
});

// A private signal source: Jest's `process` proxy does not deliver process.emit to listeners.
describe('installSignalHandlers', () => {
  const signals = new EventEmitter();
  it('stops runners before disconnecting the rest, then exits 0', async () => {
    const calls: string[] = [];
    const exited = new Promise<number>((resolve) => {
      const uninstall = installSignalHandlers(
        [{ stop: async () => void calls.push('runner stopped') }],
        [{ disconnect: async () => void calls.push('publisher disconnected') }],
        (code) => {
          uninstall();
          resolve(code);
        },
        signals,
      );
    });
    signals.emit('SIGTERM');
    expect(await exited).toBe(0);
    expect(calls).toEqual(['runner stopped', 'publisher disconnected']);
  });

  it('still exits 0 when a runner fails to stop cleanly', async () => {
    const calls: string[] = [];
    const exited = new Promise<number>((resolve) => {
      const uninstall = installSignalHandlers(
        [{ stop: async () => Promise.reject(new Error('already disconnected')) }],
        [{ disconnect: async () => void calls.push('publisher disconnected') }],
        (code) => {
          uninstall();
          resolve(code);
        },
        signals,
      );
    });
    signals.emit('SIGINT');
    expect(await exited).toBe(0);
    expect(calls).toEqual(['publisher disconnected']);
  });
});
