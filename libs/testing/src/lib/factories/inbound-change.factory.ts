import {
  connectorEventSource,
  createEnvelope,
  type EntityType,
  type InboundChange,
  inboundChangeType,
  type InboundContentByEntityType,
  type InboundOperation,
} from '@concord/model';

import { anEntityId, aTenantId, nowIso } from './tenant.factory';

export interface InboundChangeOverrides<E extends EntityType = EntityType> {
  entityType?: E;
  system?: string;
  tenant?: string;
  connectionId?: string;
  externalId?: string;
  operation?: InboundOperation;
  content?: InboundContentByEntityType[E] | null;
  sourceEventId?: string;
  changedAt?: string;
  externalVersion?: string | null;
  /** The catalog id the external record carries. */
  catalogId?: string;
  reason?: 'webhook' | 'poll' | 'reconciliation' | 'backfill';
  correlationId?: string;
}

const defaultContent: { [E in EntityType]: () => InboundContentByEntityType[E] } = {
  customer: () => ({ name: 'Ada Lovelace', email: 'ada@example.com' }),
  product: () => ({
    name: 'Difference Engine',
    active: true,
    unitPrice: { amount: 1999, currency: 'GBP' },
  }),
  invoice: () => ({
    customerExternalId: 'ext-customer-1',
    number: 'INV-1',
    status: 'open',
    currency: 'GBP',
    issueDate: nowIso().slice(0, 10),
    lines: [
      {
        productExternalId: 'ext-product-1',
        description: 'Engine',
        quantity: 1,
        unitAmount: 1999,
        amount: 1999,
      },
    ],
    subtotal: 1999,
    total: 1999,
  }),
};

/** A valid inbound change (default: a customer upserted in Stripe, seen by webhook). */
export function anInboundChange<E extends EntityType = 'customer'>(
  overrides: InboundChangeOverrides<E> = {},
): InboundChange {
  const entityType = overrides.entityType ?? ('customer' as E);
  const system = overrides.system ?? 'stripe';
  const operation = overrides.operation ?? 'upsert';
  const externalId = overrides.externalId ?? `ext_${anEntityId().slice(0, 12)}`;
  const content =
    overrides.content !== undefined
      ? overrides.content
      : operation === 'delete'
        ? null
        : defaultContent[entityType]();
  return createEnvelope({
    source: connectorEventSource(system),
    type: inboundChangeType(entityType, operation),
    subject: externalId,
    tenant: overrides.tenant ?? aTenantId(),
    origin: system,
    correlationId: overrides.correlationId,
    data: {
      system,
      connectionId: overrides.connectionId ?? anEntityId(),
      entityType,
      externalId,
      ...(overrides.catalogId === undefined ? {} : { catalogId: overrides.catalogId }),
      operation,
      sourceEventId: overrides.sourceEventId ?? `evt_${anEntityId()}`,
      changedAt: overrides.changedAt ?? nowIso(),
      externalVersion: overrides.externalVersion ?? null,
      content,
      reason: overrides.reason ?? 'webhook',
    },
  }) as InboundChange;
}
