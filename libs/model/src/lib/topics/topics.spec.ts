import { ValidationError } from '@concord/errors';

import { connectorConsumerGroup, deadLetteringConsumerGroups } from './consumer-groups';
import { describeTopic, topicCatalog, topicDeclarationOf } from './topic-catalog';
import {
  catalogEventKey,
  connectionSettingsKey,
  connectorStateKey,
  connectorStatusKey,
  cursorStateStream,
  inboundChangeKey,
  linkStateStream,
  syncOutcomeKey,
  tenantOfKey,
} from './topic-keys';
import {
  CatalogTopics,
  ConnectionsTopic,
  connectorInboundTopic,
  connectorOutcomeTopic,
  connectorRetryTopic,
  connectorStateTopic,
  connectorStatusTopic,
  deadLetterTopic,
  withTopicPrefix,
} from './topic-names';

describe('topic names', () => {
  it('are versioned and built in one place', () => {
    expect(CatalogTopics).toEqual({
      customer: 'catalog.customer.v1',
      product: 'catalog.product.v1',
      invoice: 'catalog.invoice.v1',
    });
    expect(connectorInboundTopic('stripe')).toBe('connector.stripe.inbound.v1');
    expect(connectorOutcomeTopic('xero')).toBe('connector.xero.outcome.v1');
    expect(connectorStatusTopic('salesforce')).toBe('connector.salesforce.status.v1');
    expect(connectorStateTopic('stripe')).toBe('connector.stripe.state.v1');
    expect(connectorRetryTopic('my-erp')).toBe('connector.my-erp.retry.v1');
    expect(ConnectionsTopic).toBe('integration.connections.v1');
    expect(deadLetterTopic('connector-stripe')).toBe('dlq.connector-stripe.v1');
  });

  it('refuse system names and groups that would corrupt a topic name', () => {
    for (const bad of ['Stripe', 'st ripe', 'a', 'x.y', '../etc']) {
      expect(() => connectorInboundTopic(bad)).toThrow(ValidationError);
    }
    expect(() => deadLetterTopic('group/with/slashes')).toThrow(ValidationError);
  });

  it('take a prefix that isolates tests', () => {
    expect(withTopicPrefix('t1a2b.', CatalogTopics.customer)).toBe('t1a2b.catalog.customer.v1');
    expect(withTopicPrefix('', ConnectionsTopic)).toBe(ConnectionsTopic);
    expect(() => withTopicPrefix('bad prefix ', ConnectionsTopic)).toThrow(
      /not a legal Kafka topic/,
    );
  });
});

describe('topic keys', () => {
  it('start with the tenant and identify the ordered unit', () => {
    expect(catalogEventKey('acme', 'e1')).toBe('acme:e1');
    expect(inboundChangeKey('acme', 'cus_1')).toBe('acme:cus_1');
    expect(syncOutcomeKey('acme', 'e1')).toBe('acme:e1');
    expect(connectorStatusKey('acme', 'c1')).toBe('acme:c1');
    expect(connectorStateKey('acme', 'c1', cursorStateStream('customer'))).toBe(
      'acme:c1:cursor.customer',
    );
    expect(connectorStateKey('acme', 'c1', linkStateStream('invoice', 'e1'))).toBe(
      'acme:c1:link.invoice.e1',
    );
    expect(connectionSettingsKey('acme', 'stripe')).toBe('acme:stripe');
  });

  it('give back their tenant even when the rest contains colons', () => {
    expect(tenantOfKey(inboundChangeKey('acme', 'urn:sf:001'))).toBe('acme');
  });
});

describe('topicCatalog', () => {
  const catalog = topicCatalog(['stripe', 'xero', 'stripe'], {
    consumerGroups: ['connector-xero'],
  });
  const byName = new Map(catalog.map((topic) => [topic.name, topic]));

  it('lists every topic once', () => {
    expect([...byName.keys()].sort()).toEqual(
      [
        'catalog.customer.v1',
        'catalog.product.v1',
        'catalog.invoice.v1',
        'catalog.retry.v1',
        'connector.stripe.inbound.v1',
        'connector.stripe.outcome.v1',
        'connector.stripe.status.v1',
        'connector.stripe.state.v1',
        'connector.stripe.retry.v1',
        'connector.xero.inbound.v1',
        'connector.xero.outcome.v1',
        'connector.xero.status.v1',
        'connector.xero.state.v1',
        'connector.xero.retry.v1',
        'integration.connections.v1',
        'dlq.connector-xero.v1',
      ].sort(),
    );
    expect(catalog).toHaveLength(byName.size);
  });

  it('marks exactly the state and connections topics compacted', () => {
    expect(
      catalog
        .filter((topic) => topic.compacted)
        .map((topic) => topic.name)
        .sort(),
    ).toEqual([
      'connector.stripe.state.v1',
      'connector.xero.state.v1',
      'integration.connections.v1',
    ]);
  });

  it('describes keys, partitions and schemas', () => {
    expect(byName.get('catalog.invoice.v1')).toMatchObject({
      key: '{tenant}:{entityId}',
      schemaId: 'concord.catalog.invoice.v1',
      entityType: 'invoice',
    });
    expect(byName.get('connector.xero.state.v1')?.key).toBe('{tenant}:{connectionId}:{stream}');
    expect(byName.get('connector.stripe.inbound.v1')?.key).toBe('{tenant}:{externalId}');
    expect(byName.get('integration.connections.v1')?.key).toBe('{tenant}:{system}');
    for (const topic of catalog) {
      expect(topic.partitions).toBeGreaterThanOrEqual(1);
      expect(topic.description.length).toBeGreaterThan(10);
    }
  });
});

describe('consumer groups', () => {
  it('names one group per connector and the catalog groups that dead-letter', () => {
    expect(connectorConsumerGroup('stripe')).toBe('connector-stripe');
    expect(deadLetteringConsumerGroups(['stripe', 'xero', 'stripe'])).toEqual([
      'catalog-inbound',
      'connector-stripe',
      'connector-xero',
    ]);
    expect(() => connectorConsumerGroup('Not A System')).toThrow('not a valid external system');
  });
});

describe('topic declarations from the catalog', () => {
  it('describes any catalog topic by name, connector and dead-letter topics included', () => {
    expect(describeTopic('catalog.customer.v1')?.partitions).toBe(12);
    expect(describeTopic('catalog.retry.v1')?.partitions).toBe(6);
    expect(describeTopic('connector.stripe.retry.v1')?.system).toBe('stripe');
    expect(describeTopic('dlq.catalog-inbound.v1')?.kind).toBe('dead-letter');
    expect(describeTopic('catalog.unknown.v1')).toBeUndefined();
  });

  it("declares a topic with the deployment's prefix and the catalog's partitions and policy", () => {
    const connections = describeTopic('integration.connections.v1');
    expect(connections && topicDeclarationOf(connections, 'p.')).toEqual({
      name: 'p.integration.connections.v1',
      partitions: 3,
      config: { 'cleanup.policy': 'compact' },
    });
    const customers = describeTopic('catalog.customer.v1');
    expect(customers && topicDeclarationOf(customers, '')).toEqual({
      name: 'catalog.customer.v1',
      partitions: 12,
    });
  });
});
