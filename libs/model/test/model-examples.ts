// Valid example records for this lib's own specs. The factories in @concord/testing build on the
// model, so the model's specs cannot use them without a project cycle.
import {
  CATALOG_EVENT_SOURCE,
  type CatalogCustomerEvent,
  catalogEventType,
  type CatalogInvoiceEvent,
  type CatalogProductEvent,
  CONNECTIONS_REQUEST_TYPE,
  type ConnectionSettings,
  type ConnectionsRequest,
  CONNECTOR_STATUS_TYPE,
  connectorEventSource,
  type ConnectorStatus,
  createEnvelope,
  type Customer,
  type DeadLetter,
  type InboundChange,
  inboundChangeType,
  type Invoice,
  type Product,
  type SyncOutcome,
  syncOutcomeType,
} from '../src';

export const TENANT = 'acme-co';
export const CUSTOMER_ID = '3f1c2a9e-6d1b-4c7e-9a51-0b2d3e4f5a61';
export const PRODUCT_ID = '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
export const INVOICE_ID = '9b8a7c6d-5e4f-4a3b-9c1d-0e1f2a3b4c5d';
export const CONNECTION_ID = 'c0a80101-0000-4000-8000-000000000001';
export const EVENT_ID = '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b';
export const NOW = '2025-06-01T10:20:30.000Z';

export function exampleCustomer(): Customer {
  return {
    id: CUSTOMER_ID,
    tenantId: TENANT,
    version: 3,
    createdAt: '2025-05-01T08:00:00.000Z',
    updatedAt: NOW,
    deletedAt: null,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
    address: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
    currency: 'GBP',
    metadata: { segment: 'enterprise' },
  };
}

export function exampleProduct(): Product {
  return {
    id: PRODUCT_ID,
    tenantId: TENANT,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    deletedAt: null,
    name: 'Difference Engine',
    description: null,
    sku: 'DE-1',
    active: true,
    unitPrice: { amount: 1999, currency: 'GBP' },
  };
}

export function exampleInvoice(): Invoice {
  return {
    id: INVOICE_ID,
    tenantId: TENANT,
    version: 2,
    createdAt: NOW,
    updatedAt: NOW,
    deletedAt: null,
    customerId: CUSTOMER_ID,
    number: 'INV-0001',
    status: 'open',
    currency: 'GBP',
    issueDate: '2025-06-01',
    dueDate: '2025-07-01',
    lines: [
      {
        id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
        productId: PRODUCT_ID,
        description: 'Difference Engine',
        quantity: 2,
        unitAmount: 1999,
        amount: 3998,
      },
      {
        id: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
        productId: null,
        description: 'Setup',
        quantity: 1,
        unitAmount: 500,
        amount: 500,
      },
    ],
    subtotal: 4498,
    total: 4498,
    metadata: {},
  };
}

export function exampleCustomerEvent(): CatalogCustomerEvent {
  const entity = exampleCustomer();
  return createEnvelope({
    id: EVENT_ID,
    time: NOW,
    source: CATALOG_EVENT_SOURCE,
    type: catalogEventType('customer', 'updated'),
    subject: entity.id,
    tenant: TENANT,
    origin: 'catalog',
    entityVersion: entity.version,
    correlationId: 'req-42',
    data: { operation: 'updated', entity, changedFields: ['email', 'address'] },
  });
}

export function exampleInvoiceEvent(): CatalogInvoiceEvent {
  const entity = exampleInvoice();
  return createEnvelope({
    time: NOW,
    source: CATALOG_EVENT_SOURCE,
    type: catalogEventType('invoice', 'created'),
    subject: entity.id,
    tenant: TENANT,
    origin: 'stripe',
    entityVersion: entity.version,
    data: { operation: 'created', entity, changedFields: ['number', 'lines'] },
  });
}

export function exampleInboundInvoiceChange(): InboundChange {
  return createEnvelope({
    time: NOW,
    source: connectorEventSource('stripe'),
    type: inboundChangeType('invoice', 'upsert'),
    subject: 'in_123',
    tenant: TENANT,
    origin: 'stripe',
    data: {
      system: 'stripe',
      connectionId: CONNECTION_ID,
      entityType: 'invoice',
      externalId: 'in_123',
      operation: 'upsert',
      sourceEventId: 'evt_123',
      changedAt: NOW,
      externalVersion: null,
      content: {
        customerExternalId: 'cus_123',
        currency: 'GBP',
        lines: [
          {
            productExternalId: 'prod_1',
            description: 'Difference Engine',
            quantity: 1,
            unitAmount: 1999,
            amount: 1999,
          },
        ],
      },
      reason: 'webhook',
    },
  });
}

export function exampleSyncOutcome(): SyncOutcome {
  return createEnvelope({
    time: NOW,
    source: connectorEventSource('xero'),
    type: syncOutcomeType('customer', 'synced'),
    subject: CUSTOMER_ID,
    tenant: TENANT,
    origin: 'xero',
    entityVersion: 3,
    correlationId: 'req-42',
    data: {
      system: 'xero',
      connectionId: CONNECTION_ID,
      entityType: 'customer',
      entityId: CUSTOMER_ID,
      eventId: EVENT_ID,
      entityVersion: 3,
      status: 'synced',
      externalId: 'c3d0e1f2-xero-contact',
      externalVersion: '2025-06-01T10:20:31Z',
      contentHash: 'a'.repeat(64),
      error: null,
      attempt: 1,
      occurredAt: NOW,
    },
  });
}

export function exampleConnectorStatus(): ConnectorStatus {
  return createEnvelope({
    time: NOW,
    source: connectorEventSource('salesforce'),
    type: CONNECTOR_STATUS_TYPE,
    subject: CONNECTION_ID,
    tenant: TENANT,
    origin: 'salesforce',
    data: {
      system: 'salesforce',
      connectionId: CONNECTION_ID,
      health: 'degraded',
      state: 'active',
      reason: 'API allocation 90% used',
      budget: { used: 12, limit: 25, windowMs: 1000 },
      apiAllocation: { used: 90000, limit: 100000 },
      webhook: null,
      rotatedCredentials: ENCRYPTED,
      observedAt: NOW,
    },
  });
}

export function exampleConnectionsRequest(): ConnectionsRequest {
  return {
    type: CONNECTIONS_REQUEST_TYPE,
    id: '0b7d9c52-7a8e-4a53-9d0c-3f1c4f6c2b11',
    source: connectorEventSource('stripe'),
    time: NOW,
    system: 'stripe',
    reason: 'none-loaded',
  };
}

export const ENCRYPTED = 'enc:v1:key-2025:aXZpdg:dGFn:Y2lwaGVydGV4dA';

export function exampleConnectionSettings(): ConnectionSettings {
  return {
    tenant: TENANT,
    system: 'stripe',
    connectionId: CONNECTION_ID,
    enabled: true,
    paused: false,
    pausedReason: null,
    direction: 'both',
    entityTypes: ['customer', 'product', 'invoice'],
    fieldMappings: [
      { entityType: 'customer', canonicalField: 'metadata.vat', externalField: 'tax_id' },
    ],
    matchingKeys: { customer: ['email'] },
    conflictPolicy: {
      default: 'last-writer-wins',
      fieldOwners: [{ entityType: 'customer', field: 'currency', owner: 'stripe' }],
    },
    credentials: ENCRYPTED,
    settings: { baseUrl: 'http://127.0.0.1:12111', pollIntervalMs: 30000, liveMode: false },
    version: 4,
    updatedAt: NOW,
  };
}

export function exampleDeadLetterHeaders(): DeadLetter {
  return {
    'x-dlq-original-topic': 'catalog.customer.v1',
    'x-dlq-original-partition': '3',
    'x-dlq-original-offset': '1042',
    'x-dlq-consumer-group': 'connector-stripe',
    'x-dlq-error-code': 'INVALID_MESSAGE',
    'x-dlq-error-category': 'validation',
    'x-dlq-error-message': 'Invalid concord.catalog.customer.v1: email: ...',
    'x-dlq-attempts': '1',
    'x-dlq-failed-at': NOW,
    'x-correlation-id': 'req-42',
  };
}

export function exampleProductEvent(): CatalogProductEvent {
  const entity = { ...exampleProduct(), deletedAt: NOW, version: 2 };
  return createEnvelope({
    time: NOW,
    source: CATALOG_EVENT_SOURCE,
    type: catalogEventType('product', 'deleted'),
    subject: entity.id,
    tenant: TENANT,
    origin: 'salesforce',
    entityVersion: entity.version,
    data: { operation: 'deleted', entity, changedFields: [] },
  });
}
