import type { EntityMapper } from '@concord/connector-kit';
import type { InboundProductContent, ProductContent } from '@concord/model';
import type Stripe from 'stripe';

import { canonicalMetadata, catalogIdOf } from './concord-metadata';

/** What the outbound adapter writes for a product; the unit price becomes a Stripe Price. */
export interface StripeProductPayload {
  name: string;
  description: string | null;
  active: boolean;
  sku: string | null;
  /** Minor units and lower-case currency, as Stripe prices take them. */
  unitPrice: { unitAmount: number; currency: string } | null;
  /** The user's metadata, without the keys the connector keeps on a Stripe product itself. */
  metadata: Record<string, string>;
}

/** Where the SKU lives on a Stripe product (Stripe products have no SKU field). */
export const SKU_KEY = 'sku';

/**
 * The user's part of a product's metadata: Concord's own keys (`concord_*`) and the SKU's key are
 * the connector's, never the user's, so a catalog key `sku` does not reach Stripe (the SKU does).
 */
export function userProductMetadata(
  metadata: Readonly<Record<string, string>> | null | undefined,
): Record<string, string> {
  const { [SKU_KEY]: _sku, ...user } = canonicalMetadata(metadata);
  return user;
}

function unitPriceOf(
  defaultPrice: string | Stripe.Price | null | undefined,
): InboundProductContent['unitPrice'] | undefined {
  if (defaultPrice === null || defaultPrice === undefined) return null;
  // An unexpanded price id says a price exists but not what it is: not reported.
  if (typeof defaultPrice === 'string' || defaultPrice.unit_amount === null) return undefined;
  return { amount: defaultPrice.unit_amount, currency: defaultPrice.currency.toUpperCase() };
}

/** Product <-> Stripe product and its default price. */
export const stripeProductMapper: EntityMapper<'product', StripeProductPayload> = {
  toExternal(content: ProductContent): StripeProductPayload {
    return {
      name: content.name,
      description: content.description,
      active: content.active,
      sku: content.sku,
      unitPrice: content.unitPrice
        ? {
            unitAmount: content.unitPrice.amount,
            currency: content.unitPrice.currency.toLowerCase(),
          }
        : null,
      metadata: userProductMetadata(content.metadata),
    };
  },

  toCanonical(external) {
    const product = external as Stripe.Product | Stripe.DeletedProduct;
    if ('deleted' in product && product.deleted) {
      return {
        externalId: product.id,
        deleted: true,
        content: {},
        changedAt: null,
        externalVersion: null,
      };
    }
    const live = product as Stripe.Product;
    const content: InboundProductContent = {
      name: live.name,
      description: live.description ? live.description : null,
      sku: live.metadata?.[SKU_KEY] ? live.metadata[SKU_KEY].slice(0, 100) : null,
      active: live.active,
      metadata: userProductMetadata(live.metadata),
    };
    const unitPrice = unitPriceOf(live.default_price);
    if (unitPrice !== undefined) content.unitPrice = unitPrice;
    return {
      externalId: live.id,
      deleted: false,
      content,
      changedAt: new Date(live.updated * 1000).toISOString(),
      externalVersion: String(live.updated),
      catalogId: catalogIdOf(live.metadata),
    };
  },
};
