import type Stripe from 'stripe';

import {
  LINE_ID_KEY,
  LINE_PRODUCT_KEY,
  type StripeInvoiceLinePayload,
} from '../mappers/stripe-invoice.mapper';
import type {
  InvoiceItemCreateParams2023,
  InvoiceItemUpdateParams2023,
  InvoiceLine2023,
  Price2023,
} from '../stripe/stripe-wire.types';
import { read, type StripeCallContext, write } from './stripe-call';

interface LineTarget {
  customer: string;
  invoice: string;
  currency: string;
}

/**
 * Keeps a draft invoice's items equal to the catalog lines, matched by the catalog line id kept in
 * each item's metadata. A line of a product uses the product's Stripe price when its amount is the
 * line's unit amount, else the unit amount itself (with the product noted in the metadata).
 *
 * Stripe takes no idempotency key on a DELETE, so the `invoice.updated` a deleted item causes is
 * the one event of the connector's own that inbound cannot tell from an external edit. Items are
 * therefore deleted only when the invoice has more items than lines, and last: a line the catalog
 * replaced (a new line id) takes over an item that no longer matches any line (an update, which
 * carries the key), new lines are added, and only then are the items left over deleted, so the
 * last unrecognised event shows the invoice complete rather than half-built (a line list emptied
 * between a delete and an add was read back into the catalog as an external edit).
 */
export class StripeInvoiceLines {
  private readonly prices = new Map<string, Promise<Price2023 | null>>();

  constructor(private readonly ctx: StripeCallContext) {}

  async sync(
    target: LineTarget,
    wanted: StripeInvoiceLinePayload[],
    current: InvoiceLine2023[],
  ): Promise<void> {
    const lineIdOf = (line: InvoiceLine2023) => line.metadata?.[LINE_ID_KEY] ?? '';
    const wantedIds = new Set(wanted.map((line) => line.lineId));
    const byLineId = new Map(current.map((line) => [lineIdOf(line), line]));
    const unmatched = current.filter((line) => line.invoice_item && !wantedIds.has(lineIdOf(line)));
    for (const line of wanted) {
      const pricing = await this.pricing(line, target.currency);
      const existing = byLineId.get(line.lineId) ?? unmatched.shift();
      if (!existing) {
        await this.add(target, line, pricing);
      } else if (existing.invoice_item && this.differs(existing, line, pricing)) {
        await this.update(existing.invoice_item, lineIdOf(existing), line, pricing);
      }
    }
    for (const line of unmatched) await this.remove(line.invoice_item as string);
  }

  /** Rewrites an item as `line`; an item taken over from another line gets the line's ids. */
  private async update(
    item: string,
    itemLineId: string,
    line: StripeInvoiceLinePayload,
    pricing: { price?: string; unit_amount?: number },
  ): Promise<void> {
    const params: InvoiceItemUpdateParams2023 = {
      description: line.description,
      quantity: line.quantity,
      ...pricing,
      ...(itemLineId === line.lineId
        ? {}
        : {
            metadata: {
              [LINE_ID_KEY]: line.lineId,
              // An empty value removes the key in Stripe.
              [LINE_PRODUCT_KEY]: line.productExternalId ?? '',
            },
          }),
    };
    await write(this.ctx, `line-${line.lineId}-update`, { item, params }, (options) =>
      this.ctx.client.invoiceItems.update(
        item,
        params as unknown as Stripe.InvoiceItemUpdateParams,
        options,
      ),
    );
  }

  async add(
    target: LineTarget,
    line: StripeInvoiceLinePayload,
    pricing?: { price?: string; unit_amount?: number },
  ): Promise<void> {
    const params: InvoiceItemCreateParams2023 = {
      customer: target.customer,
      invoice: target.invoice,
      currency: target.currency,
      description: line.description,
      quantity: line.quantity,
      ...(pricing ?? (await this.pricing(line, target.currency))),
      metadata: {
        [LINE_ID_KEY]: line.lineId,
        ...(line.productExternalId ? { [LINE_PRODUCT_KEY]: line.productExternalId } : {}),
      },
    };
    await write(this.ctx, `line-${line.lineId}`, params, (options) =>
      this.ctx.client.invoiceItems.create(
        params as unknown as Stripe.InvoiceItemCreateParams,
        options,
      ),
    );
  }

  private async remove(item: string): Promise<void> {
    await write(this.ctx, `remove-${item}`, item, () => this.ctx.client.invoiceItems.del(item));
  }

  private differs(
    line: InvoiceLine2023,
    wanted: StripeInvoiceLinePayload,
    pricing: { price?: string; unit_amount?: number },
  ): boolean {
    const unitAmount =
      line.price?.unit_amount ?? Math.round(line.amount / Math.max(1, line.quantity ?? 1));
    return (
      (line.metadata?.[LINE_ID_KEY] ?? '') !== wanted.lineId ||
      (line.description ?? '') !== wanted.description ||
      (line.quantity ?? 1) !== wanted.quantity ||
      unitAmount !== wanted.unitAmount ||
      (line.price?.id ?? undefined) !== pricing.price
    );
  }

  private async pricing(
    line: StripeInvoiceLinePayload,
    currency: string,
  ): Promise<{ price?: string; unit_amount?: number }> {
    if (line.priceId) {
      const price = await this.price(line.priceId);
      if (price?.active && price.unit_amount === line.unitAmount && price.currency === currency) {
        return { price: price.id };
      }
    }
    return { unit_amount: line.unitAmount };
  }

  private price(id: string): Promise<Price2023 | null> {
    let price = this.prices.get(id);
    if (!price) {
      price = read(this.ctx, 'read-price', () => this.ctx.client.prices.retrieve(id)).then(
        (found) => found as unknown as Price2023,
        () => null,
      );
      this.prices.set(id, price);
    }
    return price;
  }
}
