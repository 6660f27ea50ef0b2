import type { UpsertContext, UpsertResult } from '@concord/connector-kit';
import { NotFoundError, ValidationError } from '@concord/errors';
import type Stripe from 'stripe';

import { CONCORD_ID_KEY, idOf } from '../mappers/concord-metadata';
import { SKU_KEY, type StripeProductPayload } from '../mappers/stripe-product.mapper';
import { read, write } from './stripe-call';

type UnitPrice = NonNullable<StripeProductPayload['unitPrice']>;

function samePrice(price: Stripe.Price | null, wanted: UnitPrice | null): boolean {
  if (price === null || wanted === null) return price === wanted;
  return price.unit_amount === wanted.unitAmount && price.currency === wanted.currency;
}

/** Stripe refuses to archive a product's default price; a concurrent writer may just have set it. */
function isDefaultPriceRefusal(error: unknown): boolean {
  return error instanceof ValidationError && /default price of its product/.test(error.message);
}

function expandedPrice(product: Stripe.Product): Stripe.Price | null {
  const price = product.default_price;
  return price && typeof price === 'object' ? price : null;
}

/**
 * Creates, updates and archives Stripe products with their default price. Prices are immutable:
 * a new amount creates a new price and makes it the default; after every update that may touch the
 * price, each other active price of the product is deactivated. The price id is kept as the link's
 * `price` part.
 */
export class StripeProductWriter {
  async upsert(
    entityId: string,
    mapped: StripeProductPayload,
    ctx: UpsertContext<Stripe>,
  ): Promise<UpsertResult> {
    const metadata = {
      ...mapped.metadata,
      [CONCORD_ID_KEY]: entityId,
      [SKU_KEY]: mapped.sku ?? '',
    };
    if (!ctx.existing) {
      const params: Stripe.ProductCreateParams = {
        name: mapped.name,
        active: mapped.active,
        ...(mapped.description ? { description: mapped.description } : {}),
        metadata: mapped.sku ? metadata : { ...mapped.metadata, [CONCORD_ID_KEY]: entityId },
        ...(mapped.unitPrice
          ? {
              default_price_data: {
                currency: mapped.unitPrice.currency,
                unit_amount: mapped.unitPrice.unitAmount,
              },
            }
          : {}),
      };
      const product = await write(ctx, 'create', params, (options) =>
        ctx.client.products.create(params, options),
      );
      const price = idOf(product.default_price);
      return {
        externalId: product.id,
        externalVersion: String(product.updated),
        parts: price ? { price } : {},
      };
    }
    const id = ctx.existing.externalId;
    // Stripe merges metadata: keys removed in the catalog are cleared first, only when they may be.
    if (ctx.changedFields === null || ctx.changedFields.includes('metadata')) {
      await write(ctx, 'clear-metadata', { id }, (options) =>
        ctx.client.products.update(id, { metadata: '' }, options),
      );
    }
    const priceMayChange = ctx.changedFields === null || ctx.changedFields.includes('unitPrice');
    const defaultPrice = priceMayChange
      ? await this.priceFor(id, entityId, mapped.unitPrice, ctx)
      : undefined;
    const params: Stripe.ProductUpdateParams = {
      name: mapped.name,
      active: mapped.active,
      description: mapped.description ?? '',
      metadata,
      ...(defaultPrice === undefined ? {} : { default_price: defaultPrice }),
    };
    const product = await write(ctx, 'update', { id, params }, (options) =>
      ctx.client.products.update(id, params, options),
    );
    const price = idOf(product.default_price);
    // The kit passes changed fields only right after a version it wrote whole, so a price left by a
    // failed attempt is always swept by a write in which the price may change.
    if (priceMayChange) await this.retireOtherPrices(id, price, ctx);
    return {
      externalId: product.id,
      externalVersion: String(product.updated),
      parts: price ? { price } : {},
    };
  }

  /** Products that have prices cannot be deleted in Stripe: they are archived (active: false). */
  async delete(externalId: string, ctx: UpsertContext<Stripe>): Promise<void> {
    try {
      await write(ctx, 'archive', externalId, (options) =>
        ctx.client.products.update(externalId, { active: false }, options),
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  /** The default price to set: a new price if the amount changed, '' for none, undefined: keep. */
  private async priceFor(
    id: string,
    entityId: string,
    wanted: UnitPrice | null,
    ctx: UpsertContext<Stripe>,
  ): Promise<string | undefined> {
    const current = await read(ctx, 'read-product', () =>
      ctx.client.products.retrieve(id, { expand: ['default_price'] }),
    );
    const currentPrice = expandedPrice(current);
    if (samePrice(currentPrice, wanted)) return undefined;
    if (wanted === null) return '';
    const params: Stripe.PriceCreateParams = {
      product: id,
      currency: wanted.currency,
      unit_amount: wanted.unitAmount,
      metadata: { [CONCORD_ID_KEY]: entityId },
    };
    const price = await write(ctx, 'price', params, (options) =>
      ctx.client.prices.create(params, options),
    );
    return price.id;
  }

  /**
   * Deactivates every active price of the product but its default. This is what keeps a product at
   * one active price whatever happened before: a replaced price, or a price an earlier attempt
   * created before it failed and was overtaken by a newer version. A price that became the default
   * meanwhile (another writer) is refused by Stripe and left as it is.
   */
  private async retireOtherPrices(
    id: string,
    defaultPrice: string | null,
    ctx: UpsertContext<Stripe>,
  ): Promise<void> {
    const active = await read(ctx, 'list-active-prices', () =>
      ctx.client.prices.list({ product: id, active: true, limit: 100 }),
    );
    for (const price of active.data) {
      if (price.id === defaultPrice) continue;
      try {
        await write(ctx, 'deactivate-price', price.id, (options) =>
          ctx.client.prices.update(price.id, { active: false }, options),
        );
      } catch (error) {
        if (!isDefaultPriceRefusal(error)) throw error;
      }
    }
  }
}
