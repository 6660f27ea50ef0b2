import type Stripe from 'stripe';

import { deletedCustomersFromEvents } from './deleted-objects';

function deletion(id: string, concordId: string | null, type = 'customer.deleted'): Stripe.Event {
  const metadata = concordId === null ? {} : { concord_id: concordId };
  return { id: `evt_${id}`, type, data: { object: { id, metadata } } } as unknown as Stripe.Event;
}

describe('deletedCustomersFromEvents', () => {
  it('turns each customer.deleted event into a deleted record linked by concord_id', () => {
    const observed = deletedCustomersFromEvents(
      [deletion('cus_2', 'c-1'), deletion('cus_3', null)],
      new Set(['cus_1']),
    );
    expect(observed).toEqual([
      { kind: 'customer', id: 'cus_2', linkedId: 'c-1', deleted: true, fields: {} },
      { kind: 'customer', id: 'cus_3', linkedId: null, deleted: true, fields: {} },
    ]);
  });

  it('skips customers the list still shows, repeated deletions and other event types', () => {
    const observed = deletedCustomersFromEvents(
      [
        deletion('cus_1', 'c-1'),
        deletion('cus_2', 'c-2'),
        deletion('cus_2', 'c-2'),
        deletion('cus_4', 'c-4', 'customer.updated'),
      ],
      new Set(['cus_1']),
    );
    expect(observed.map((o) => o.id)).toEqual(['cus_2']);
  });
});
