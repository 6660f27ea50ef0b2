import {
  type Customer,
  type EntityType,
  type Invoice,
  type InvoiceLine,
  type Product,
  type RecordByEntityType,
} from '@concord/model';

import { anEntityId, aTenantId, nowIso } from './tenant.factory';

function recordMeta(tenantId: string) {
  const now = nowIso();
  return {
    id: anEntityId(),
    tenantId,
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}

export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  const meta = recordMeta(overrides.tenantId ?? aTenantId());
  return {
    ...meta,
    name: 'Ada Lovelace',
    email: `ada.${meta.id.slice(0, 8)}@example.com`,
    phone: '+44 20 7946 0000',
    address: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
    currency: 'GBP',
    metadata: {},
    ...overrides,
  };
}

export function aProduct(overrides: Partial<Product> = {}): Product {
  const meta = recordMeta(overrides.tenantId ?? aTenantId());
  return {
    ...meta,
    name: 'Difference Engine',
    description: 'A mechanical calculator.',
    sku: `DE-${meta.id.slice(0, 8)}`,
    active: true,
    unitPrice: { amount: 1999, currency: 'GBP' },
    metadata: {},
    ...overrides,
  };
}

export function anInvoiceLine(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  const quantity = overrides.quantity ?? 1;
  const unitAmount = overrides.unitAmount ?? 1999;
  return {
    id: anEntityId(),
    productId: null,
    description: 'Difference Engine',
    quantity,
    unitAmount,
    amount: quantity * unitAmount,
    ...overrides,
  };
}

export type InvoiceOverrides = Partial<Omit<Invoice, 'lines'>> & {
  lines?: Array<Partial<InvoiceLine>>;
};

/**
 * An invoice whose line amounts, subtotal and total agree. Lines are given partially and completed;
 * an amount, subtotal or total given explicitly is kept, to build an inconsistent invoice on purpose.
 */
export function anInvoice(overrides: InvoiceOverrides = {}): Invoice {
  const { lines: lineOverrides, ...rest } = overrides;
  const meta = recordMeta(rest.tenantId ?? aTenantId());
  const lines = (lineOverrides ?? [{ quantity: 2, unitAmount: 1999 }, { unitAmount: 500 }]).map(
    anInvoiceLine,
  );
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    ...meta,
    customerId: anEntityId(),
    number: `INV-${meta.id.slice(0, 8).toUpperCase()}`,
    status: 'open',
    currency: 'GBP',
    issueDate: meta.createdAt.slice(0, 10),
    dueDate: null,
    metadata: {},
    subtotal,
    total: subtotal,
    ...rest,
    lines,
  };
}

const recordFactories: {
  [E in EntityType]: (o: Partial<RecordByEntityType[E]>) => RecordByEntityType[E];
} = {
  customer: aCustomer,
  product: aProduct,
  invoice: anInvoice,
};

/** A record of the given type (for code generic over entity types). */
export function aRecord<E extends EntityType>(
  entityType: E,
  overrides: Partial<RecordByEntityType[E]> = {},
): RecordByEntityType[E] {
  const factory = recordFactories[entityType] as (
    o: Partial<RecordByEntityType[E]>,
  ) => RecordByEntityType[E];
  return factory(overrides);
}
