import type { ConsumedMessage } from '@concord/kafka';

import { toDeadLetter } from './dead-letter.mapper';

function message(headers: Record<string, string>, key: string | null = 'acme:e1'): ConsumedMessage {
  return {
    topic: 't1.dlq.connector-stripe.v1',
    partition: 1,
    offset: '9',
    key,
    value: Buffer.from('{"id":"x"}'),
    headers,
    timestamp: '0',
    attempt: 1,
    heartbeat: async () => undefined,
  };
}

describe('toDeadLetter', () => {
  it('keeps the failed consumer, the original coordinates, the error and the message as it was', () => {
    const letter = toDeadLetter(
      message({
        'x-tenant': 'acme',
        'x-dlq-original-topic': 't1.catalog.customer.v1',
        'x-dlq-original-partition': '4',
        'x-dlq-original-offset': '120',
        'x-dlq-consumer-group': 't1.connector-stripe',
        'x-dlq-error-code': 'REJECTED_BY_UPSTREAM',
        'x-dlq-error-category': 'validation',
        'x-dlq-error-message': 'bad email',
        'x-dlq-attempts': '1',
        'x-dlq-failed-at': '2030-01-01T00:00:00.000Z',
      }),
    );
    expect(letter).toMatchObject({
      tenantId: 'acme',
      consumerGroup: 't1.connector-stripe',
      topic: 't1.catalog.customer.v1',
      partition: 4,
      offset: '120',
      key: 'acme:e1',
      payload: '{"id":"x"}',
      error: {
        code: 'REJECTED_BY_UPSTREAM',
        category: 'validation',
        message: 'bad email',
        attempts: 1,
      },
    });
  });

  it("falls back to the key's tenant and the dead-letter topic's own coordinates", () => {
    const letter = toDeadLetter(message({}, 'globex:e2'));
    expect(letter).toMatchObject({
      tenantId: 'globex',
      consumerGroup: 'unknown',
      topic: 't1.dlq.connector-stripe.v1',
      partition: 1,
      offset: '9',
      error: { code: 'UNKNOWN' },
    });
    expect(toDeadLetter(message({ 'x-tenant': 'NOT A TENANT' }, null)).tenantId).toBeNull();
  });
});
