import {
  externalDeletePending,
  type UpsertContext,
  type UpsertResult,
} from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type Stripe from 'stripe';

import { CONCORD_ID_KEY } from '../mappers/concord-metadata';
import type { StripeInvoicePayload } from '../mappers/stripe-invoice.mapper';
import type { Invoice2023, InvoiceLine2023 } from '../stripe/stripe-wire.types';
import { read, type StripeCallContext, write } from './stripe-call';
import { mayRecreate } from './stripe-external-delete';
import { StripeInvoiceLines } from './stripe-invoice-lines';
import { moveInvoice } from './stripe-invoice-status';

const DEFAULT_DAYS_UNTIL_DUE = 30;

/** Reads an invoice with all its lines (Stripe embeds only the first page of lines). */
export async function readInvoice(id: string, ctx: StripeCallContext): Promise<Invoice2023> {
  const invoice = (await read(ctx, 'read-invoice', () =>
    ctx.client.invoices.retrieve(id),
  )) as unknown as Invoice2023;
  const lines: InvoiceLine2023[] = [...invoice.lines.data];
  let hasMore = invoice.lines.has_more;
  while (hasMore && lines.length > 0) {
    const last = lines[lines.length - 1].id;
    const page = (await read(ctx, 'read-invoice-lines', () =>
      ctx.client.invoices.listLineItems(id, { limit: 100, starting_after: last }),
    )) as unknown as { data: InvoiceLine2023[]; has_more: boolean };
    lines.push(...page.data);
    hasMore = page.has_more && page.data.length > 0;
  }
  return { ...invoice, lines: { ...invoice.lines, data: lines, has_more: false } };
}

/**
 * Invoices with their lines: a draft is created (send_invoice, never auto-advanced), its items
 * added, then moved to the catalog status. A draft is kept equal to the catalog; a finalized
 * invoice only moves forward in status (Stripe does not let its content change). A deleted catalog
 * invoice voids an open one and deletes a draft.
 */
export class StripeInvoiceWriter {
  async upsert(
    entityId: string,
    mapped: StripeInvoicePayload,
    ctx: UpsertContext<Stripe>,
  ): Promise<UpsertResult> {
    const metadata = { ...mapped.metadata, [CONCORD_ID_KEY]: entityId };
    let id = ctx.existing?.externalId ?? null;
    let current: Invoice2023 | null = null;
    if (id !== null) {
      current = await readInvoice(id, ctx).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
    }
    if (current === null && id !== null && !(await mayRecreate('invoice', id, ctx))) {
      throw externalDeletePending('invoice', id);
    }
    if (current === null) {
      const params: Stripe.InvoiceCreateParams = {
        customer: mapped.customer,
        currency: mapped.currency,
        collection_method: 'send_invoice',
        ...(mapped.dueDate === null
          ? { days_until_due: DEFAULT_DAYS_UNTIL_DUE }
          : { due_date: mapped.dueDate }),
        auto_advance: false,
        pending_invoice_items_behavior: 'exclude',
        metadata,
      };
      const created = await write(ctx, id === null ? 'create' : 'recreate', params, (options) =>
        ctx.client.invoices.create(params, options),
      );
      id = created.id as string;
      // A retried create replays the first response; the lines added since are read afresh.
      current = await readInvoice(id, ctx);
    } else if (current.status === 'draft') {
      const params: Stripe.InvoiceUpdateParams = {
        metadata,
        ...(mapped.dueDate === null
          ? { days_until_due: DEFAULT_DAYS_UNTIL_DUE }
          : { due_date: mapped.dueDate }),
      };
      const invoiceId = id as string;
      await write(ctx, 'update', { id, params }, (options) =>
        ctx.client.invoices.update(invoiceId, params, options),
      );
    }
    const invoiceId = id as string;
    if (current.status === 'draft') {
      await new StripeInvoiceLines(ctx).sync(
        { customer: mapped.customer, invoice: invoiceId, currency: mapped.currency },
        mapped.lines,
        current.lines.data,
      );
    }
    await moveInvoice(invoiceId, current.status ?? 'draft', mapped.status, ctx);
    return { externalId: invoiceId, externalVersion: null };
  }

  async delete(externalId: string, ctx: UpsertContext<Stripe>): Promise<void> {
    let invoice: Invoice2023;
    try {
      invoice = await readInvoice(externalId, ctx);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    if (invoice.status === 'draft') {
      await write(ctx, 'delete', externalId, () => ctx.client.invoices.del(externalId));
    } else if (invoice.status === 'open' || invoice.status === 'uncollectible') {
      await write(ctx, 'void', externalId, (options) =>
        ctx.client.invoices.voidInvoice(externalId, {}, options),
      );
    }
  }
}
