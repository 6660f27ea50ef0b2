import { CatalogCustomerEvent, isUuid, parseMessage } from '@concord/model';
import { aRecord } from '@concord/testing';

import { backfillOrder } from './backfill-jobs.repository';
import { BACKFILL_HEADER, snapshotEventId, snapshotMessage } from './backfill-records';

describe('outbound backfill snapshots', () => {
  it('publishes customers and products before invoices', () => {
    expect(backfillOrder(['invoice', 'customer', 'product'])).toEqual([
      'customer',
      'product',
      'invoice',
    ]);
    expect(backfillOrder(['invoice'])).toEqual(['invoice']);
  });

  it('gives the same snapshot the same event id, and another version another id', () => {
    const id = snapshotEventId('job-1', 'e1', 3);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect(snapshotEventId('job-1', 'e1', 3)).toBe(id);
    expect(snapshotEventId('job-1', 'e1', 4)).not.toBe(id);
    expect(snapshotEventId('job-2', 'e1', 3)).not.toBe(id);
  });

  it('is a valid catalog "updated" event with every field, keyed by entity, marked as backfill', () => {
    const customer = aRecord('customer', { version: 4 });
    const message = snapshotMessage('job-1', 'customer', customer, true);
    const event = parseMessage(CatalogCustomerEvent, message.value);
    expect(event).toMatchObject({
      type: 'concord.catalog.customer.updated',
      origin: 'catalog',
      entityVersion: 4,
      data: { operation: 'updated', entity: customer },
    });
    expect(event.data.changedFields).toEqual([
      'name',
      'email',
      'phone',
      'address',
      'currency',
      'metadata',
    ]);
    expect(message.key).toBe(`${customer.tenantId}:${customer.id}`);
    expect(message.headers).toMatchObject({
      [BACKFILL_HEADER]: 'true',
      'x-event-id': event.id,
      'x-concord-snapshot-continues': 'true',
    });
    expect(snapshotMessage('job-1', 'customer', customer, false).headers).toMatchObject({
      'x-concord-snapshot-continues': 'false',
    });
  });
});
