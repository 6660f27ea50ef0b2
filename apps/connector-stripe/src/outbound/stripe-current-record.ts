import type { ExternalCallContext } from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type { EntityType } from '@concord/model';
import type Stripe from 'stripe';

import { stripeCustomerMapper } from '../mappers/stripe-customer.mapper';
import { stripeInvoiceMapper } from '../mappers/stripe-invoice.mapper';
import { stripeProductMapper } from '../mappers/stripe-product.mapper';
import { read } from './stripe-call';
import { readInvoice } from './stripe-invoice.writer';

/** Each entity type's mapper, for code that maps whatever type a record is. */
export const stripeMappers = {
  customer: stripeCustomerMapper,
  product: stripeProductMapper,
  invoice: stripeInvoiceMapper,
};

/** The record as Stripe holds it now (a product with its default price); NotFoundError if gone. */
export async function fetchCurrent(
  entityType: EntityType,
  externalId: string,
  ctx: ExternalCallContext<Stripe>,
): Promise<unknown> {
  switch (entityType) {
    case 'customer':
      return read(ctx, 'read-customer', () => ctx.client.customers.retrieve(externalId));
    case 'product':
      return read(ctx, 'read-product', () =>
        ctx.client.products.retrieve(externalId, { expand: ['default_price'] }),
      );
    case 'invoice':
      return readInvoice(externalId, ctx);
  }
}

/** The record's canonical content as Stripe holds it now; null when it is gone or deleted. */
export async function readCurrentContent(
  entityType: EntityType,
  externalId: string,
  ctx: ExternalCallContext<Stripe>,
): Promise<unknown> {
  let current: unknown;
  try {
    current = await fetchCurrent(entityType, externalId, ctx);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  const record = stripeMappers[entityType].toCanonical(current, {
    links: ctx.links,
    connection: ctx.connection,
  });
  return record.deleted ? null : record.content;
}
