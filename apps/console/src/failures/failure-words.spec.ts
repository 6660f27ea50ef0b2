import type { DeadLetter } from '../api/api-types';
import { failedRecordLabel, failedRecordType, failedSystem, failureInWords } from './failure-words';

function aLetter(
  error: Partial<DeadLetter['error']>,
  consumerGroup = 't1connector-stripe',
): DeadLetter {
  return {
    id: 'd1',
    consumerGroup,
    topic: 't1catalog.invoice.v1',
    partition: 0,
    offset: '1',
    key: null,
    payload: null,
    headers: {},
    error: {
      code: 'X',
      category: 'retryable',
      message: 'HTTP 503',
      attempts: 1,
      failedAt: null,
      ...error,
    },
    status: 'open',
    createdAt: new Date().toISOString(),
    resolvedAt: null,
  };
}

describe('failure words', () => {
  it('names the system from a prefixed consumer group, and the record type from the topic', () => {
    expect(failedSystem(aLetter({}))).toBe('stripe');
    expect(failedSystem(aLetter({}, 'catalog-inbound'))).toBe('catalog');
    expect(failedRecordType(aLetter({}))).toBe('invoice');
  });

  it.each([
    ['validation', 'Stripe refused the data: Invalid currency'],
    [
      'auth',
      "Stripe did not accept Concord's credentials: Invalid currency. Check the credentials in the integration's settings.",
    ],
    ['retryable', 'Stripe could not be reached: Invalid currency. Replay it once Stripe is back.'],
  ])('says what a %s error means', (category, words) => {
    expect(failureInWords(aLetter({ category, message: 'Invalid currency' }))).toBe(words);
  });

  it('keeps one full stop when the provider ended its message with one', () => {
    expect(failureInWords(aLetter({ message: 'Please retry it.', attempts: 2 }))).toBe(
      'Stripe could not be reached after 2 tries: Please retry it. Replay it once Stripe is back.',
    );
  });

  it('names the record as a person would: its name, or the invoice number', () => {
    const withEntity = (entity: unknown): DeadLetter => ({
      ...aLetter({}),
      payload: JSON.stringify({ subject: 'x', data: { entity } }),
    });
    expect(failedRecordLabel(withEntity({ name: 'Grace Hopper' }))).toBe('Grace Hopper');
    expect(failedRecordLabel(withEntity({ number: 'INV-7' }))).toBe('Invoice INV-7');
    expect(failedRecordLabel(withEntity(null))).toBeNull();
    expect(failedRecordLabel({ ...aLetter({}), payload: 'not json' })).toBeNull();
  });
});
