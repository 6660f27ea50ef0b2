import type Stripe from 'stripe';

import { deletedCustomersFromEvents } from '../deleted-objects';
import { stripeCustomerFields, stripeInvoiceFields, stripeProductFields } from '../field-views';
import type { ObservedRecord } from '../observed';
import type { SystemReader } from './system-reader';

/**
 * Every customer, product (default price expanded, with its count of active prices) and invoice of
 * the Stripe account; deleted customers from their `customer.deleted` events (the list leaves them
 * out), archived products from the product list.
 */
export class StripeReader implements SystemReader {
  readonly system = 'stripe';

  constructor(private readonly stripe: Stripe) {}

  async readAll(): Promise<ObservedRecord[]> {
    const observed: ObservedRecord[] = [];
    for await (const c of this.stripe.customers.list({ limit: 100 })) {
      observed.push({
        kind: 'customer',
        id: c.id,
        linkedId: c.metadata?.['concord_id'] ?? null,
        deleted: false,
        fields: stripeCustomerFields(c),
      });
    }
    const deletions: Stripe.Event[] = [];
    for await (const event of this.stripe.events.list({ limit: 100, type: 'customer.deleted' })) {
      deletions.push(event);
    }
    observed.push(...deletedCustomersFromEvents(deletions, new Set(observed.map((o) => o.id))));
    const activePrices = new Map<string, number>();
    for await (const price of this.stripe.prices.list({ limit: 100, active: true })) {
      const product = typeof price.product === 'string' ? price.product : price.product.id;
      activePrices.set(product, (activePrices.get(product) ?? 0) + 1);
    }
    for await (const p of this.stripe.products.list({
      limit: 100,
      expand: ['data.default_price'],
    })) {
      observed.push({
        kind: 'product',
        id: p.id,
        linkedId: p.metadata?.['concord_id'] ?? null,
        deleted: false,
        activePrices: activePrices.get(p.id) ?? 0,
        fields: stripeProductFields(p),
      });
    }
    for await (const i of this.stripe.invoices.list({ limit: 100 })) {
      observed.push({
        kind: 'invoice',
        id: i.id as string,
        linkedId: i.metadata?.['concord_id'] ?? null,
        // The workload never deletes invoices; a voided one would be a deleted record.
        deleted: i.status === 'void',
        fields: stripeInvoiceFields(i),
      });
    }
    return observed;
  }
}
