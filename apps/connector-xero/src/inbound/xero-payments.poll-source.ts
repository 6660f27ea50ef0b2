import type { ExternalCallContext, InboundChangeDraft, PollSource } from '@concord/connector-kit';

import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { fromXeroDate } from '../xero/xero-dates';
import { PAGE_SIZE } from './xero-listing';
import { draftOf, invoicesByIds } from './xero-records';

type Ctx = ExternalCallContext<XeroConnectionClient>;

interface XeroPaymentSeen {
  updatedDateUTC?: unknown;
  invoice?: { invoiceID?: string };
}

/** Payments changed after `since` (applied, or reversed: Status DELETED), page by page. */
async function paymentsSince(since: Date, ctx: Ctx): Promise<XeroPaymentSeen[]> {
  const out: XeroPaymentSeen[] = [];
  for (let page = 1; ; page += 1) {
    const { body } = await ctx.call('list-payments', () =>
      ctx.client.api.getPayments(ctx.client.tenantId, since, undefined, 'UpdatedDateUTC', page),
    );
    const payments = (body.payments ?? []) as unknown as XeroPaymentSeen[];
    out.push(...payments);
    if (payments.length < PAGE_SIZE) return out;
  }
}

/**
 * Payments have no webhooks: this stream polls `/Payments` with `If-Modified-Since` and reads the
 * invoices they were applied to (`IDs=`, 50 a call), so an invoice paid in Xero, fully or in part,
 * or whose payment was reversed, reaches the catalog as Xero now reports it (status PAID -> paid,
 * back to AUTHORISED -> open). The cursor is the newest payment `UpdatedDateUTC` seen; a null
 * cursor starts now.
 */
export function xeroPaymentsPollSource(
  now: () => Date = () => new Date(),
): PollSource<XeroConnectionClient> {
  return {
    stream: 'xero-payments-modified',
    async poll(cursor, ctx) {
      if (cursor === null) return { changes: [], nextCursor: now().toISOString() };
      const since = new Date(cursor);
      let newest = since.getTime();
      const invoiceIds = new Set<string>();
      for (const payment of await paymentsSince(since, ctx)) {
        const updated = fromXeroDate(payment.updatedDateUTC);
        if (updated) newest = Math.max(newest, updated.getTime());
        if (payment.invoice?.invoiceID) invoiceIds.add(payment.invoice.invoiceID);
      }
      const invoices = invoiceIds.size > 0 ? await invoicesByIds([...invoiceIds], ctx) : [];
      const changes: InboundChangeDraft[] = invoices.map((invoice) =>
        draftOf('invoice', invoice, ctx),
      );
      return { changes, nextCursor: new Date(newest).toISOString() };
    },
  };
}
