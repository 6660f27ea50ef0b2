import pino from 'pino';

import { childLogger } from './kafka-logger';

function capturedPino(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
  const logger = pino({ level, redact: ['secret'] }, stream);
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((bindings: pino.Bindings) => {
    children += 1;
    return child(bindings);
  }) as typeof logger.child;
  return { logger, lines, children: () => children };
}

describe('childLogger', () => {
  it('writes its bindings (redacted like the parent) on every line it writes', () => {
    const { logger, lines } = capturedPino('info');
    const log = childLogger(logger, { eventId: 'e1', secret: 'sk_test_x' });
    log.warn({ attempt: 2 }, 'write failed');
    log.info({}, 'done');
    expect(
      lines.map(({ eventId, secret, attempt, msg }) => ({ eventId, secret, attempt, msg })),
    ).toEqual([
      { eventId: 'e1', secret: '[Redacted]', attempt: 2, msg: 'write failed' },
      { eventId: 'e1', secret: '[Redacted]', attempt: undefined, msg: 'done' },
    ]);
  });

  it('makes no child for a message that logs nothing at the level in force', () => {
    const { logger, lines, children } = capturedPino('warn');
    const log = childLogger(logger, { eventId: 'e1' });
    log.debug({}, 'handled');
    log.info({}, 'handled');
    expect([children(), lines]).toEqual([0, []]);
    log.error({}, 'failed');
    log.error({}, 'failed again');
    expect(children()).toBe(1);
    expect(lines).toHaveLength(2);
  });

  it('gives a child of a child both sets of bindings', () => {
    const { logger, lines } = capturedPino('info');
    const log = childLogger(childLogger(logger, { tenant: 't1' }), { eventId: 'e2' });
    log.info({}, 'synced');
    expect(lines[0]).toMatchObject({ tenant: 't1', eventId: 'e2', msg: 'synced' });
  });
});
