import type { CatalogEvent, EntityType } from '@concord/model';
import { aCatalogEvent, aCustomer } from '@concord/testing';

import type { EntityRef } from '../definition/resolved-connection';
import { coalesceEvents, type CoalesceOptions, type CoalescibleEvent } from './batch-coalescer';

const tenantId = 'tenant-a';

function event<E extends EntityType>(
  entityType: E,
  id: string,
  version: number,
  operation: 'created' | 'updated' | 'deleted' = 'updated',
  extra: Record<string, unknown> = {},
): CatalogEvent {
  return aCatalogEvent(entityType, {
    operation,
    entity: { id, tenantId, version, ...extra } as never,
  }) as CatalogEvent;
}

let offset = 0;
function consumed(e: CatalogEvent): CoalescibleEvent<string> {
  offset += 1;
  return { ref: `offset-${offset}`, entityType: e.type.split('.')[2] as EntityType, event: e };
}

const invoiceNeedsCustomer: CoalesceOptions = {
  dependenciesOf: (entityType, e) =>
    entityType === 'invoice'
      ? [
          {
            entityType: 'customer',
            entityId: String((e.data.entity as { customerId: string }).customerId),
          },
        ]
      : [],
  maxBatchSize: () => 100,
};

const refsOf = (list: Array<CoalescibleEvent<string>>): string[] => list.map((m) => m.ref);

describe('coalesceEvents', () => {
  beforeEach(() => {
    offset = 0;
  });

  it('keeps each record once: the newest version wins, even when it was consumed first', () => {
    const v3 = consumed(event('customer', 'c1', 3));
    const v2 = consumed(event('customer', 'c1', 2));
    const v4 = consumed(event('customer', 'c1', 4));
    const other = consumed(event('customer', 'c2', 1, 'created'));

    const { groups, superseded } = coalesceEvents([v3, v2, v4, other], invoiceNeedsCustomer);

    expect(groups).toEqual([{ entityType: 'customer', operation: 'upsert', members: [v4, other] }]);
    expect(refsOf(superseded).sort()).toEqual(refsOf([v3, v2]).sort());
  });

  it('lets a delete beat older updates, and an update of a tie lose to the delete', () => {
    const update = consumed(event('customer', 'c1', 5));
    const deleted = consumed(event('customer', 'c1', 6, 'deleted'));
    const sameVersionUpdate = consumed(event('customer', 'c1', 6));

    const { groups, superseded } = coalesceEvents(
      [update, deleted, sameVersionUpdate],
      invoiceNeedsCustomer,
    );

    expect(groups).toEqual([{ entityType: 'customer', operation: 'delete', members: [deleted] }]);
    expect(refsOf(superseded)).toEqual(refsOf([update, sameVersionUpdate]));
  });

  it('keeps the later copy of the same version (a redelivery) and supersedes the earlier', () => {
    const first = consumed(event('product', 'p1', 2));
    const again = consumed(first.event);

    const { groups, superseded } = coalesceEvents([first, again], invoiceNeedsCustomer);

    expect(groups[0]?.members).toEqual([again]);
    expect(superseded).toEqual([first]);
  });

  it('writes customers and products before invoices, and deletes in the reverse order', () => {
    const customer = aCustomer({ tenantId });
    const invoice = consumed(event('invoice', 'i1', 1, 'created', { customerId: customer.id }));
    const voided = consumed(event('invoice', 'i2', 3, 'deleted'));
    const newCustomer = consumed(event('customer', customer.id, 1, 'created'));
    const product = consumed(event('product', 'p1', 2));
    const goneCustomer = consumed(event('customer', 'c9', 4, 'deleted'));

    const { groups } = coalesceEvents(
      [invoice, voided, newCustomer, product, goneCustomer],
      invoiceNeedsCustomer,
    );

    expect(groups.map((g) => `${g.operation} ${g.entityType}`)).toEqual([
      'upsert customer',
      'upsert product',
      'upsert invoice',
      'delete invoice',
      'delete customer',
    ]);
  });

  it('takes the order from the references, not from a fixed list', () => {
    // A system where a customer references a product (say, a default plan).
    const options: CoalesceOptions = {
      dependenciesOf: (entityType): EntityRef[] =>
        entityType === 'customer' ? [{ entityType: 'product', entityId: 'p1' }] : [],
      maxBatchSize: () => 100,
    };
    const customer = consumed(event('customer', 'c1', 1, 'created'));
    const product = consumed(event('product', 'p1', 1, 'created'));

    const { groups } = coalesceEvents([customer, product], options);

    expect(groups.map((g) => g.entityType)).toEqual(['product', 'customer']);
  });

  it('splits a group at the batch size of its entity type', () => {
    const customers = Array.from({ length: 5 }, (_, i) =>
      consumed(event('customer', `c${i}`, 1, 'created')),
    );

    const { groups } = coalesceEvents(customers, {
      ...invoiceNeedsCustomer,
      maxBatchSize: (type) => (type === 'customer' ? 2 : 100),
    });

    expect(groups.map((g) => refsOf(g.members))).toEqual([
      refsOf(customers.slice(0, 2)),
      refsOf(customers.slice(2, 4)),
      refsOf(customers.slice(4)),
    ]);
  });

  it('treats the same id of two entity types as two records', () => {
    const customer = consumed(event('customer', 'same', 1, 'created'));
    const product = consumed(event('product', 'same', 1, 'created'));

    const { groups, superseded } = coalesceEvents([customer, product], invoiceNeedsCustomer);

    expect(groups).toHaveLength(2);
    expect(superseded).toEqual([]);
  });
});
