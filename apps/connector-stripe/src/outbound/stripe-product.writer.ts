import type { UpsertContext, UpsertResult } from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type Stripe from 'stripe';

import { CONCORD_ID_KEY, idOf } from '../mappers/concord-metadata';
import { SKU_KEY, type StripeProductPayload } from '../mappers/stripe-product.mapper';
import { read, write } from './stripe-call';

type UnitPrice = NonNullable<StripeProductPayload['unitPrice']>;

/** On a price Concord created: the price it replaced, so a retry can still retire that one. */
export const REPLACES_KEY = 'concord_replaces';

function samePrice(price: Stripe.Price | null, wanted: UnitPrice | null): boolean {
  if (price === null || wanted === null) return price === wanted;
  return price.unit_amount === wanted.unitAmount && price.currency === wanted.currency;
}

function expandedPrice(product: Stripe.Product): Stripe.Price | null {
  const price = product.default_price;
  return price && typeof price === 'object' ? price : null;
}

/**
 * Creates, updates and archives Stripe products with their default price. Prices are immutable:
 * a new amount creates a new price (naming the one it replaces), makes it the default and
 * deactivates the old one. The price id is kept as the link's `price` part.
 */
export class StripeProductWriter {
  async upsert(
    entityId: string,
    mapped: StripeProductPayload,
    ctx: UpsertContext<Stripe>,
  ): Promise<UpsertResult> {
    const metadata = { [CONCORD_ID_KEY]: entityId, [SKU_KEY]: mapped.sku ?? '' };
    if (!ctx.existing) {
      const params: Stripe.ProductCreateParams = {
        name: mapped.name,
        active: mapped.active,
        ...(mapped.description ? { description: mapped.description } : {}),
        metadata: mapped.sku ? metadata : { [CONCORD_ID_KEY]: entityId },
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
    const priceMayChange = ctx.changedFields === null || ctx.changedFields.includes('unitPrice');
    const { defaultPrice, retired } = priceMayChange
      ? await this.reprice(id, entityId, mapped.unitPrice, ctx)
      : { defaultPrice: undefined, retired: null };
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
    if (retired) {
      await write(ctx, 'deactivate-price', retired, (options) =>
        ctx.client.prices.update(retired, { active: false }, options),
      );
    }
    const price = idOf(product.default_price);
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

  /** The new default price, if the amount changed (undefined: keep), and the price it replaces. */
  private async reprice(
    id: string,
    entityId: string,
    wanted: UnitPrice | null,
    ctx: UpsertContext<Stripe>,
  ): Promise<{ defaultPrice: string | undefined; retired: string | null }> {
    const current = await read(ctx, 'read-product', () =>
      ctx.client.products.retrieve(id, { expand: ['default_price'] }),
    );
    const currentPrice = expandedPrice(current);
    if (samePrice(currentPrice, wanted)) {
      // A retry after the default moved but before the old price was deactivated (a 5xx, a
      // crash): the old price is only known from the new one, and is retired now.
      return { defaultPrice: undefined, retired: await this.unretired(currentPrice, ctx) };
    }
    if (wanted === null) return { defaultPrice: '', retired: currentPrice?.id ?? null };
    const params: Stripe.PriceCreateParams = {
      product: id,
      currency: wanted.currency,
      unit_amount: wanted.unitAmount,
      metadata: {
        [CONCORD_ID_KEY]: entityId,
        ...(currentPrice ? { [REPLACES_KEY]: currentPrice.id } : {}),
      },
    };
    const price = await write(ctx, 'price', params, (options) =>
      ctx.client.prices.create(params, options),
    );
    return { defaultPrice: price.id, retired: currentPrice?.id ?? null };
  }

  /** The price the default price replaced, if it is still active. */
  private async unretired(
    price: Stripe.Price | null,
    ctx: UpsertContext<Stripe>,
  ): Promise<string | null> {
    const replaced = price?.metadata?.[REPLACES_KEY];
    if (!replaced) return null;
    const old = await read(ctx, 'read-replaced-price', () => ctx.client.prices.retrieve(replaced));
    return old.active ? replaced : null;
  }
}
