import {
  CatalogEventSchemas,
  type CatalogOperation,
  CatalogOperations,
  ConnectionSettings,
  ConnectorStatus,
  Customer,
  type EntityType,
  EntityTypes,
  InboundChange,
  Invoice,
  Product,
  SyncOutcome,
  TenantId,
  validate,
  validateMessage,
} from '@concord/model';
import type { TSchema } from '@sinclair/typebox';

import { aCatalogEvent } from './catalog-event.factory';
import { aConnectionSettings, aConnectorStatus, aSyncOutcome } from './connector-message.factory';
import { anInboundChange } from './inbound-change.factory';
import { aCustomer, anInvoice, aProduct } from './record.factory';
import { aTenantId } from './tenant.factory';

function errorsOf(schema: TSchema, value: unknown): unknown[] {
  const result = validate(schema, value);
  return result.ok ? [] : result.errors;
}

describe('record factories', () => {
  it('build schema-valid records with overrides applied', () => {
    expect(errorsOf(Customer, aCustomer())).toEqual([]);
    expect(errorsOf(Product, aProduct({ unitPrice: null }))).toEqual([]);
    const customer = aCustomer({ name: 'Grace Hopper', tenantId: 'acme' });
    expect(customer).toMatchObject({ name: 'Grace Hopper', tenantId: 'acme' });
  });

  it('build invoices whose totals agree with their lines', () => {
    const invoice = anInvoice({
      currency: 'JPY',
      lines: [
        { quantity: 3, unitAmount: 500 },
        { quantity: 1, unitAmount: 250 },
      ],
    });
    expect(errorsOf(Invoice, invoice)).toEqual([]);
    expect(invoice.lines.map((line) => line.amount)).toEqual([1500, 250]);
    expect([invoice.subtotal, invoice.total]).toEqual([1750, 1750]);
    expect(errorsOf(Invoice, anInvoice())).toEqual([]);
  });

  it('keep an explicitly inconsistent total, so invalid invoices can be built on purpose', () => {
    expect(validate(Invoice, anInvoice({ total: 1 })).ok).toBe(false);
  });
});

describe('message factories', () => {
  const eventCases: Array<[EntityType, CatalogOperation]> = EntityTypes.flatMap((entityType) =>
    CatalogOperations.map((operation): [EntityType, CatalogOperation] => [entityType, operation]),
  );

  it.each(eventCases)('build a valid %s %s catalog event', (entityType, operation) => {
    const event = aCatalogEvent(entityType, { operation });
    expect(errorsOf(CatalogEventSchemas[entityType], event)).toEqual([]);
    expect(event.type).toBe(`concord.catalog.${entityType}.${operation}`);
  });

  it('put a catalog event in the entity tenant and keep given fields', () => {
    const event = aCatalogEvent('customer', {
      entity: { tenantId: 'acme', name: 'Grace' },
      origin: 'xero',
    });
    expect(event).toMatchObject({ tenant: 'acme', origin: 'xero', subject: event.data.entity.id });
    expect(validateMessage('concord.catalog.customer.v1', event).ok).toBe(true);
  });

  it.each(EntityTypes)('build valid inbound %s upserts and deletes', (entityType) => {
    expect(errorsOf(InboundChange, anInboundChange({ entityType }))).toEqual([]);
    const deleted = anInboundChange({ entityType, operation: 'delete', system: 'salesforce' });
    expect(errorsOf(InboundChange, deleted)).toEqual([]);
    expect(deleted).toMatchObject({ origin: 'salesforce', data: { content: null } });
  });

  it('build valid sync outcomes, synced and failed', () => {
    expect(errorsOf(SyncOutcome, aSyncOutcome())).toEqual([]);
    const failed = aSyncOutcome({ status: 'failed', system: 'xero', entityType: 'invoice' });
    expect(errorsOf(SyncOutcome, failed)).toEqual([]);
    expect(failed.type).toBe('concord.connector.outcome.invoice.failed');
  });

  it('build valid connection settings and statuses', () => {
    expect(errorsOf(ConnectionSettings, aConnectionSettings({ system: 'xero' }))).toEqual([]);
    expect(
      errorsOf(ConnectorStatus, aConnectorStatus({ health: 'down', state: 'paused' })),
    ).toEqual([]);
  });
});

describe('aTenantId', () => {
  it('gives a fresh valid tenant each time', () => {
    const tenants = Array.from({ length: 50 }, aTenantId);
    for (const tenant of tenants) expect(errorsOf(TenantId, tenant)).toEqual([]);
    expect(new Set(tenants).size).toBe(tenants.length);
  });
});
