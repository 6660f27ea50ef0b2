import { envelopeHeaders } from '../messages/message-headers';
import { validate } from '../validation/schema-validation';
import { createEnvelope } from './create-envelope';
import { AnyEnvelope } from './envelope.schema';
import { CATALOG_EVENT_SOURCE, connectorEventSource } from './event-sources';
import { catalogEventType, inboundChangeType, syncOutcomeType } from './event-types';

describe('createEnvelope', () => {
  const input = {
    source: CATALOG_EVENT_SOURCE,
    type: catalogEventType('customer', 'created'),
    subject: '3f1c2a9e-6d1b-4c7e-9a51-0b2d3e4f5a61',
    tenant: 'acme-co',
    origin: 'catalog' as const,
    data: { hello: 'world' },
  };

  it('fills specversion, content type, a fresh id, the time and a correlation id', () => {
    const envelope = createEnvelope(input);
    expect(envelope).toMatchObject({
      specversion: '1.0',
      datacontenttype: 'application/json',
      entityVersion: null,
      data: { hello: 'world' },
    });
    expect(envelope.correlationId).toBe(envelope.id);
    expect(validate(AnyEnvelope, envelope).ok).toBe(true);
    expect(createEnvelope(input).id).not.toBe(envelope.id);
  });

  it('keeps a given id, time and correlation id', () => {
    const envelope = createEnvelope({
      ...input,
      id: '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
      time: new Date('2025-06-01T10:20:30Z'),
      correlationId: 'req-1',
      entityVersion: 7,
    });
    expect(envelope).toMatchObject({
      id: '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
      time: '2025-06-01T10:20:30.000Z',
      correlationId: 'req-1',
      entityVersion: 7,
    });
  });

  it('is rejected when an attribute is malformed', () => {
    const result = validate(AnyEnvelope, {
      ...createEnvelope(input),
      specversion: '0.3',
      tenant: 'A',
    });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['specversion', 'tenant']);
  });

  it('mirrors its attributes in message headers', () => {
    const envelope = createEnvelope({ ...input, correlationId: 'req-1', entityVersion: 2 });
    expect(envelopeHeaders(envelope)).toEqual({
      'x-correlation-id': 'req-1',
      'x-event-id': envelope.id,
      'x-tenant': 'acme-co',
      'x-origin': 'catalog',
      'x-entity-version': '2',
      'content-type': 'application/json',
    });
    expect(envelopeHeaders(createEnvelope(input))).not.toHaveProperty('x-entity-version');
  });
});

describe('event types and sources', () => {
  it('name events consistently', () => {
    expect(catalogEventType('invoice', 'deleted')).toBe('concord.catalog.invoice.deleted');
    expect(inboundChangeType('customer', 'upsert')).toBe(
      'concord.connector.inbound.customer.upserted',
    );
    expect(inboundChangeType('product', 'delete')).toBe(
      'concord.connector.inbound.product.deleted',
    );
    expect(syncOutcomeType('product', 'failed')).toBe('concord.connector.outcome.product.failed');
    expect(connectorEventSource('xero')).toBe('/concord/connector-xero');
    expect(() => connectorEventSource('Xero!')).toThrow(/not a valid external system/);
  });
});
