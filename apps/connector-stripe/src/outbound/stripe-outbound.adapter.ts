import type { OutboundAdapter, UpsertContext, UpsertResult } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';
import type Stripe from 'stripe';

import type { StripeCustomerPayload } from '../mappers/stripe-customer.mapper';
import type { StripeInvoicePayload } from '../mappers/stripe-invoice.mapper';
import type { StripeProductPayload } from '../mappers/stripe-product.mapper';
import { readCurrentContent } from './stripe-current-record';
import { StripeCustomerWriter } from './stripe-customer.writer';
import { StripeInvoiceWriter } from './stripe-invoice.writer';
import { findByConcordId, findByMatchingKey, listForMatching } from './stripe-lookup';
import { StripeProductWriter } from './stripe-product.writer';

/** The payload each entity type maps to in Stripe. */
export interface StripeMapped {
  customer: StripeCustomerPayload;
  product: StripeProductPayload;
  invoice: StripeInvoicePayload;
}

type Writers = {
  [E in EntityType]: {
    upsert(
      entityId: string,
      mapped: StripeMapped[E],
      ctx: UpsertContext<Stripe>,
    ): Promise<UpsertResult>;
    delete(externalId: string, ctx: UpsertContext<Stripe>): Promise<void>;
  };
};

/** Writes catalog changes to Stripe through the official SDK, one writer per entity type. */
export function stripeOutboundAdapter(): OutboundAdapter<Stripe, StripeMapped> {
  const writers: Writers = {
    customer: new StripeCustomerWriter(),
    product: new StripeProductWriter(),
    invoice: new StripeInvoiceWriter(),
  };
  return {
    // Stripe keeps an idempotency key for 24 hours; a create retried later is looked up first.
    idempotencyWindowMs: 24 * 60 * 60 * 1000,
    upsert: (entityType, entityId, mapped, ctx) =>
      writers[entityType].upsert(entityId, mapped, ctx),
    delete: (entityType, externalId, ctx) => writers[entityType].delete(externalId, ctx),
    findByConcordId,
    findByMatchingKey,
    listForMatching,
    readContent: readCurrentContent,
  };
}
