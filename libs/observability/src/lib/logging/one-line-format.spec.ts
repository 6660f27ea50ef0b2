import pino from 'pino';

import { createPinoHttpOptions } from './logger-options';
import { formatLogLine, OneLineDestination } from './one-line-format';

const TIME = /^\d\d:\d\d:\d\d\.\d{3} /;

function json(record: object): string {
  return JSON.stringify({ time: '2026-12-05T00:23:07.989Z', pid: 7, hostname: 'h', ...record });
}

describe('formatLogLine', () => {
  it('reads time, app, level, context, message and the other fields on one line', () => {
    const line = formatLogLine(
      json({
        level: 'info',
        service: 'catalog-service',
        context: 'InboundApplier',
        msg: 'consumer subscribed',
        consumer: 'catalog-inbound',
        topics: 4,
      }),
    );
    expect(line).toMatch(TIME);
    expect(line.slice(13)).toBe(
      'catalog-service  INFO  [InboundApplier] consumer subscribed consumer=catalog-inbound topics=4',
    );
  });

  it('takes the app column from the caller, and pino numeric levels and epoch times too', () => {
    const line = formatLogLine('{"level":40,"time":1764894187989,"msg":"slow","ms":900}', {
      app: 'example-consumer',
      appWidth: 18,
    });
    expect(line).toMatch(TIME);
    expect(line.slice(13)).toBe('example-consumer   WARN  slow ms=900');
  });

  it('writes a request as method, path, status and duration, without headers', () => {
    const line = formatLogLine(
      json({
        level: 'warn',
        service: 'catalog-service',
        correlationId: 'c-1',
        req: { method: 'GET', url: '/v1/customers', headers: { 'x-api-key': 'hidden' } },
        res: { statusCode: 404, headers: {} },
        responseTime: 12,
        msg: 'request completed',
      }),
    );
    expect(line.slice(13)).toBe(
      'catalog-service  WARN  GET /v1/customers -> 404 (12 ms) correlationId=c-1',
    );
  });

  it('quotes text with spaces, writes objects as compact JSON, shortens long values and names an error', () => {
    const line = formatLogLine(
      json({
        level: 'error',
        service: 'connector-stripe',
        msg: 'handler failed',
        problem: 'no credentials configured',
        shards: [0, 1],
        rateLimit: { enabled: false },
        note: 'x'.repeat(400),
        err: {
          type: 'RetryableError',
          message: 'Stripe answered 503',
          code: 'UPSTREAM',
          stack: 'at …',
        },
      }),
    );
    expect(line).not.toContain('\n');
    expect(line.slice(13)).toBe(
      'connector-stripe ERROR handler failed problem="no credentials configured" shards=[0,1] ' +
        `rateLimit={"enabled":false} note=${'x'.repeat(159)}… ` +
        'err="RetryableError: Stripe answered 503" errCode=UPSTREAM',
    );
  });

  it('keeps a line that is not a JSON record, after the app column', () => {
    expect(
      formatLogLine('connector-stripe failed to start: boom', { app: 'connector-stripe' }),
    ).toBe('connector-stripe connector-stripe failed to start: boom');
    expect(formatLogLine('[1, 2]')).toBe('[1, 2]');
  });

  it('colours the level for a terminal', () => {
    const line = formatLogLine(json({ level: 'warn', service: 's', msg: 'm' }), { colors: true });
    expect(line).toContain('\u001b[33mWARN \u001b[0m');
  });
});

describe('OneLineDestination', () => {
  it('turns every line a pino logger writes into one readable line, redaction included', () => {
    const written: string[] = [];
    const logger = pino(
      createPinoHttpOptions({ serviceName: 'svc', logLevel: 'info' }),
      new OneLineDestination({ write: (line: string) => written.push(line) }),
    );
    logger.info({ tenant: 't-1', password: 'p1' }, 'first');
    logger.debug('hidden at info');
    logger.warn({ nested: { a: { b: 1 } } }, 'second');
    expect(written).toHaveLength(2);
    expect(written.map((line) => line.slice(13))).toEqual([
      'svc              INFO  first tenant=t-1 password=[REDACTED]\n',
      'svc              WARN  second nested={"a":{"b":1}}\n',
    ]);
  });
});
