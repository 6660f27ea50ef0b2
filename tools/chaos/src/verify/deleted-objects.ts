import type Stripe from 'stripe';

import type { ObservedRecord } from './observed';

/**
 * Stripe's customer list leaves deleted customers out, so a duplicate that was later deleted
 * would go unseen. Every deleted customer has a `customer.deleted` event whose object is the
 * customer as it was (with `metadata.concord_id`): this turns those events into deleted
 * observed records, for the customers the list no longer shows.
 */
export function deletedCustomersFromEvents(
  events: readonly Stripe.Event[],
  liveIds: ReadonlySet<string>,
): ObservedRecord[] {
  const seen = new Set<string>();
  const observed: ObservedRecord[] = [];
  for (const event of events) {
    if (event.type !== 'customer.deleted') continue;
    const customer = event.data.object as Stripe.Customer;
    if (liveIds.has(customer.id) || seen.has(customer.id)) continue;
    seen.add(customer.id);
    observed.push({
      kind: 'customer',
      id: customer.id,
      linkedId: customer.metadata?.['concord_id'] ?? null,
      deleted: true,
      fields: {},
    });
  }
  return observed;
}
