import type { ExternalCallContext } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';
import type Stripe from 'stripe';

import { readInvoice } from '../outbound/stripe-invoice.writer';
import type { Invoice2023 } from '../stripe/stripe-wire.types';

type Ctx = ExternalCallContext<Stripe>;
type Page = { data: Array<{ id: string }>; has_more: boolean };

function listPage(
  entityType: EntityType,
  ctx: Ctx,
  startingAfter: string | undefined,
): Promise<Page> {
  const params = { limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) };
  return ctx.call(`list-${entityType}`, async () => {
    switch (entityType) {
      case 'customer':
        return ctx.client.customers.list(params);
      case 'product':
        return ctx.client.products.list({ ...params, expand: ['data.default_price'] });
      case 'invoice':
        return ctx.client.invoices.list(params) as unknown as Page;
    }
  });
}

/** Every record of a type, page by page (100 each), every page under the rate budget. */
export async function* listPages(entityType: EntityType, ctx: Ctx): AsyncGenerator<unknown> {
  let startingAfter: string | undefined;
  for (;;) {
    const page = await listPage(entityType, ctx, startingAfter);
    for (const record of page.data) yield record;
    if (!page.has_more || page.data.length === 0) return;
    startingAfter = page.data[page.data.length - 1].id;
  }
}

/** Every record of a type for reconciliation and backfill; invoices with all their lines. */
export async function* listAllStripe(entityType: EntityType, ctx: Ctx): AsyncGenerator<unknown> {
  for await (const record of listPages(entityType, ctx)) {
    const invoice = record as Invoice2023;
    yield entityType === 'invoice' && invoice.lines?.has_more
      ? await readInvoice(invoice.id, ctx)
      : record;
  }
}
