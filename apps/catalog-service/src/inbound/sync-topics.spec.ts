import { connectorTopicOf, isDeadLetterTopic, retryTopicOfGroup } from './sync-topics';

describe('sync topics', () => {
  it('recognises the connector topics the applier consumes, with the deployment prefix', () => {
    expect(connectorTopicOf('t1.', 't1.connector.stripe.inbound.v1')).toEqual({
      system: 'stripe',
      kind: 'inbound',
    });
    expect(connectorTopicOf('', 'connector.my-erp.status.v1')).toEqual({
      system: 'my-erp',
      kind: 'status',
    });
    expect(connectorTopicOf('t1.', 'connector.stripe.inbound.v1')).toBeNull();
    expect(connectorTopicOf('', 'connector.stripe.retry.v1')).toBeNull();
    expect(connectorTopicOf('', 'catalog.customer.v1')).toBeNull();
  });

  it('recognises dead-letter topics', () => {
    expect(isDeadLetterTopic('t1.', 't1.dlq.connector-xero.v1')).toBe(true);
    expect(isDeadLetterTopic('t1.', 't2.dlq.connector-xero.v1')).toBe(false);
  });

  it("replays to the failed consumer's own retry topic, never a shared one", () => {
    expect(retryTopicOfGroup('', 'connector-stripe')).toBe('connector.stripe.retry.v1');
    expect(retryTopicOfGroup('t1.', 't1.connector-xero')).toBe('connector.xero.retry.v1');
    expect(retryTopicOfGroup('t1.', 't1.catalog-inbound')).toBe('catalog.retry.v1');
    expect(retryTopicOfGroup('', 'catalog-dlq-collector')).toBeNull();
    expect(retryTopicOfGroup('', 'connector-Bad_Name')).toBeNull();
  });
});
