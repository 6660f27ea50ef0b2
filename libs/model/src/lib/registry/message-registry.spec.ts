import { NotFoundError, ValidationError } from '@concord/errors';
import type { TSchema } from '@sinclair/typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import {
  exampleConnectionSettings,
  exampleConnectionsRequest,
  exampleConnectorStatus,
  exampleCustomerEvent,
  exampleDeadLetterHeaders,
  exampleInboundInvoiceChange,
  exampleInvoiceEvent,
  exampleProductEvent,
  exampleSyncOutcome,
  NOW,
} from '../../../test/model-examples';
import { CatalogCustomerEvent } from '../messages/catalog-event.schema';
import { type MessageSchemaId, MessageSchemaIds } from '../messages/message-schema-ids';
import { topicCatalog } from '../topics/topic-catalog';
import { parseMessage } from '../validation/schema-validation';
import { messageSchema, messageSchemas, validateMessage } from './message-registry';

const examples: Record<MessageSchemaId, unknown[]> = {
  'concord.catalog.customer.v1': [exampleCustomerEvent()],
  'concord.catalog.product.v1': [exampleProductEvent()],
  'concord.catalog.invoice.v1': [exampleInvoiceEvent()],
  'concord.connector.inbound.v1': [exampleInboundInvoiceChange()],
  'concord.connector.outcome.v1': [exampleSyncOutcome()],
  'concord.connector.status.v1': [exampleConnectorStatus()],
  'concord.connector.connections-request.v1': [exampleConnectionsRequest()],
  'concord.connector.state.v1': [
    { kind: 'cursor', stream: 'customer', cursor: '42', updatedAt: NOW },
  ],
  'concord.connector.retry.v1': [
    exampleCustomerEvent(),
    exampleProductEvent(),
    exampleInvoiceEvent(),
  ],
  'concord.catalog.retry.v1': [
    exampleInboundInvoiceChange(),
    exampleSyncOutcome(),
    exampleConnectorStatus(),
    exampleConnectionsRequest(),
  ],
  'concord.integration.connections.v1': [exampleConnectionSettings()],
  'concord.deadletter.v1': [exampleDeadLetterHeaders()],
};

describe('message schema registry', () => {
  it('registers every schema id once, each equal to its schema $id', () => {
    const ids = messageSchemas.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.values(MessageSchemaIds).sort());
    for (const entry of messageSchemas) expect(entry.schema['$id']).toBe(entry.id);
  });

  it('has a schema for every topic in the topic catalog, and no topic the catalog lacks', () => {
    const systems = ['stripe', 'salesforce', 'xero', 'my-erp'];
    const consumerGroups = ['connector-stripe', 'catalog-service-inbound'];
    const catalog = topicCatalog(systems, { consumerGroups });
    for (const topic of catalog) {
      const entry = messageSchema(topic.schemaId);
      expect(entry.topics(systems, consumerGroups)).toContain(topic.name);
    }
    const registered = messageSchemas.flatMap((entry) => entry.topics(systems, consumerGroups));
    const carried = catalog.flatMap((topic) => [
      topic.name,
      ...(topic.alsoCarries ?? []).map(() => topic.name),
    ]);
    expect([...registered].sort()).toEqual(carried.sort());
  });

  it('validates each example by schema id', () => {
    for (const [id, values] of Object.entries(examples)) {
      for (const value of values) expect(validateMessage(id, value)).toEqual({ ok: true, value });
    }
    const result = validateMessage('concord.catalog.customer.v1', exampleInvoiceEvent());
    expect(result.ok).toBe(false);
  });

  it('refuses an unknown schema id', () => {
    expect(() => validateMessage('concord.nothing.v1', {})).toThrow(NotFoundError);
  });

  it('exports plain JSON Schemas that a standard validator compiles and agrees with', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    for (const entry of messageSchemas) {
      const check = ajv.compile(JSON.parse(JSON.stringify(entry.schema)));
      for (const value of examples[entry.id]) expect(check(value)).toBe(true);
      expect(check({ unexpected: true })).toBe(false);
    }
  });
});

describe('parseMessage', () => {
  it('returns the typed message', () => {
    const event = parseMessage(CatalogCustomerEvent, exampleCustomerEvent());
    expect(event.data.entity.name).toBe('Ada Lovelace');
  });

  it('throws INVALID_MESSAGE naming every offending field', () => {
    const event = exampleCustomerEvent();
    event.data.entity.email = 'nope';
    event.tenant = 'UPPER';
    try {
      parseMessage(CatalogCustomerEvent, event);
      throw new Error('parsed an invalid message');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.code).toBe('INVALID_MESSAGE');
      expect(validation.retryable).toBe(false);
      expect(validation.fields.map((f) => f.field).sort()).toEqual(['data.entity.email', 'tenant']);
      expect(validation.message).toMatch(/^Invalid concord\.catalog\.customer\.v1: /);
    }
  });
});

describe('schema documentation', () => {
  // The AsyncAPI document and JSON Schemas are generated from these; every field needs a line.
  function undocumented(schema: TSchema, path: string, found: string[]): string[] {
    const properties = (schema['properties'] ?? {}) as Record<string, TSchema>;
    for (const [name, property] of Object.entries(properties)) {
      if (typeof property['description'] !== 'string') found.push(`${path}.${name}`);
      undocumented(property, `${path}.${name}`, found);
    }
    const nested: unknown[] = [schema['anyOf'], schema['items']].flat();
    for (const child of nested) if (child) undocumented(child as TSchema, path, found);
    for (const value of Object.values(
      (schema['patternProperties'] ?? {}) as Record<string, TSchema>,
    )) {
      undocumented(value, `${path}.*`, found);
    }
    return found;
  }

  it.each(messageSchemas.map((entry) => [entry.id, entry.schema] as const))(
    '%s describes itself and every field',
    (_id, schema) => {
      expect(typeof schema['description']).toBe('string');
      expect([...new Set(undocumented(schema, '', []))]).toEqual([]);
    },
  );
});
