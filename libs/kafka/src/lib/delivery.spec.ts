import { KafkaMessage } from 'kafkajs';

import { ConsumedMessage } from './consumed-message';
import { readDelivery, retryRecord } from './delivery';
import { encodeHeaders } from './headers';

const record = (headers: Record<string, string>, offset = '7'): KafkaMessage => ({
  key: Buffer.from('acme:c1'),
  value: Buffer.from('{"a":1}'),
  timestamp: '1700000000000',
  attributes: 0,
  offset,
  headers: encodeHeaders(headers),
});

describe('readDelivery and retryRecord', () => {
  it('presents a first delivery as it is, with no attempts made and nothing to wait for', () => {
    const delivery = readDelivery('catalog.customer.v1', 1, record({ 'x-event-id': 'e1' }));
    expect(delivery).toEqual({
      position: { topic: 'catalog.customer.v1', partition: 1, offset: '7' },
      message: {
        topic: 'catalog.customer.v1',
        partition: 1,
        offset: '7',
        key: 'acme:c1',
        value: Buffer.from('{"a":1}'),
        headers: { 'x-event-id': 'e1' },
        timestamp: '1700000000000',
      },
      previousAttempts: 0,
      notBefore: 0,
      retryGroup: undefined,
    });
  });

  it('round-trips a message through the retry topic so the handler sees it as first consumed', () => {
    const failed: ConsumedMessage = {
      topic: 'catalog.invoice.v1',
      partition: 2,
      offset: '41',
      key: 'acme:i9',
      value: Buffer.from('{"total":100}'),
      headers: { 'x-event-id': 'e9', 'x-tenant': 'acme' },
      timestamp: '1',
      attempt: 3,
      heartbeat: async () => undefined,
    };
    const retry = retryRecord(failed, 'connector-xero', 1_700_000_005_000);
    expect(retry.headers).toMatchObject({
      'x-retry-attempt': '3',
      'x-retry-not-before': '1700000005000',
      'x-retry-original-topic': 'catalog.invoice.v1',
      'x-retry-consumer-group': 'connector-xero',
    });

    const raw = record(retry.headers ?? {}, '0');
    const delivery = readDelivery('connector.xero.retry.v1', 0, raw);
    expect(delivery.position).toEqual({
      topic: 'connector.xero.retry.v1',
      partition: 0,
      offset: '0',
    });
    expect(delivery.message).toMatchObject({
      topic: 'catalog.invoice.v1',
      partition: 2,
      offset: '41',
      headers: { 'x-event-id': 'e9', 'x-tenant': 'acme' },
    });
    expect(delivery.previousAttempts).toBe(3);
    expect(delivery.notBefore).toBe(1_700_000_005_000);
    expect(delivery.retryGroup).toBe('connector-xero');
  });

  it('ignores retry headers that are not numbers', () => {
    const delivery = readDelivery(
      't',
      0,
      record({ 'x-retry-attempt': 'many', 'x-retry-not-before': '-5' }),
    );
    expect(delivery.previousAttempts).toBe(0);
    expect(delivery.notBefore).toBe(0);
  });
});
