import { IncomingMessage, ServerResponse } from 'node:http';

import {
  correlationFromHeaders,
  correlationHeaders,
  currentCorrelationId,
  isValidCorrelationId,
  runWithCorrelation,
} from './correlation-context';
import { requestCorrelationId } from './request-correlation';

describe('correlation context', () => {
  it('is empty outside a context', () => {
    expect(currentCorrelationId()).toBeUndefined();
    expect(correlationHeaders()).toEqual({});
  });

  it('follows async work started inside the context, and nests', async () => {
    const seen = await runWithCorrelation('outer-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const inner = runWithCorrelation('inner-2', () => currentCorrelationId());
      return [currentCorrelationId(), inner, correlationHeaders()];
    });
    expect(seen).toEqual(['outer-1', 'inner-2', { 'x-correlation-id': 'outer-1' }]);
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('keeps concurrent contexts apart', async () => {
    const run = (id: string, delay: number) =>
      runWithCorrelation(id, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return currentCorrelationId();
      });
    expect(await Promise.all([run('a', 5), run('b', 1)])).toEqual(['a', 'b']);
  });
});

describe('correlationFromHeaders', () => {
  it('reads Kafka headers (Buffers) and HTTP headers (strings), ignoring case', () => {
    expect(correlationFromHeaders({ 'x-correlation-id': Buffer.from('kafka-1') })).toBe('kafka-1');
    expect(correlationFromHeaders({ 'X-Correlation-Id': 'http-1' })).toBe('http-1');
    expect(correlationFromHeaders({ 'x-correlation-id': [Buffer.from('first'), 'second'] })).toBe(
      'first',
    );
  });

  it('falls back to x-request-id, then to nothing', () => {
    expect(correlationFromHeaders({ 'x-request-id': 'req-9' })).toBe('req-9');
    expect(correlationFromHeaders({ 'x-correlation-id': 'bad id', 'x-request-id': 'req-9' })).toBe(
      'req-9',
    );
    expect(correlationFromHeaders({})).toBeUndefined();
    expect(correlationFromHeaders(undefined)).toBeUndefined();
  });

  it('refuses ids that could forge log lines or headers', () => {
    for (const bad of ['', 'a b', 'x"}', 'line\nbreak', 'a'.repeat(129), '-leading']) {
      expect(isValidCorrelationId(bad)).toBe(false);
    }
    expect(isValidCorrelationId('3f9a1c2b-0d6e-4f8a-9b1c-2d3e4f5a6b7c')).toBe(true);
  });
});

describe('requestCorrelationId', () => {
  function exchange(headers: Record<string, string>): {
    req: IncomingMessage;
    res: ServerResponse;
  } {
    const req = { headers } as unknown as IncomingMessage;
    const res = new ServerResponse(req);
    return { req, res };
  }

  it('takes a valid caller id and echoes it', () => {
    const { req, res } = exchange({ 'x-correlation-id': 'caller-7' });
    expect(requestCorrelationId(req, res)).toBe('caller-7');
    expect(res.getHeader('x-correlation-id')).toBe('caller-7');
  });

  it('generates a UUID for a missing or invalid id, and returns the same one when asked again', () => {
    const { req, res } = exchange({ 'x-correlation-id': 'not valid!' });
    const id = requestCorrelationId(req, res);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestCorrelationId(req, res)).toBe(id);
    expect(res.getHeader('x-correlation-id')).toBe(id);
  });
});
