import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

// Framework-free on purpose: Kafka consumers, scripts and Nest code all share one correlation context.

export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids we accept from callers: short, printable, no spaces or quotes, so they are safe in logs and headers. */
const VALID_CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

interface CorrelationStore {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationStore>();

/** Header values as HTTP (Node) and kafkajs deliver them. */
export type HeaderValue = string | Buffer | ReadonlyArray<string | Buffer> | undefined;
export type HeaderBag = Readonly<Record<string, HeaderValue>>;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && VALID_CORRELATION_ID.test(value);
}

export function newCorrelationId(): string {
  return randomUUID();
}

/** Runs `fn` (and everything it awaits or schedules) with `correlationId` as the current correlation id. */
export function runWithCorrelation<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Headers that carry the current correlation id onward (to a Kafka message or an HTTP call); empty outside a context. */
export function correlationHeaders(): Record<string, string> {
  const correlationId = currentCorrelationId();
  return correlationId ? { [CORRELATION_ID_HEADER]: correlationId } : {};
}

/**
 * The valid correlation id in `x-correlation-id` (or else `x-request-id`) of HTTP or Kafka headers,
 * matching header names case-insensitively; undefined if neither holds a valid one.
 */
export function correlationFromHeaders(headers: HeaderBag | undefined): string | undefined {
  if (!headers) return undefined;
  for (const wanted of [CORRELATION_ID_HEADER, REQUEST_ID_HEADER]) {
    const key = Object.keys(headers).find((name) => name.toLowerCase() === wanted);
    const value = key === undefined ? undefined : firstValue(headers[key]);
    if (isValidCorrelationId(value)) return value;
  }
  return undefined;
}

function firstValue(value: HeaderValue): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  if (single === undefined) return undefined;
  return Buffer.isBuffer(single) ? single.toString('utf8') : String(single);
}
