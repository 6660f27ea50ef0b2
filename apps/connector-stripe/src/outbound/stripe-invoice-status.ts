import type { InvoiceStatus } from '@concord/model';
import type Stripe from 'stripe';

import type { InvoiceStatus2023 } from '../stripe/stripe-wire.types';
import { type StripeCallContext, write } from './stripe-call';

type InvoiceAction = 'finalize' | 'pay' | 'void' | 'mark-uncollectible';

/**
 * The Stripe actions that take an invoice from its status to the catalog's: finalize, then pay
 * (out of band: the money was collected elsewhere), void or mark uncollectible. Moves Stripe does
 * not allow (back to draft, anything after paid or void) yield no actions.
 */
export function invoiceActions(from: InvoiceStatus2023, to: InvoiceStatus): InvoiceAction[] {
  if (from === to) return [];
  const fromOpen: Partial<Record<InvoiceStatus, InvoiceAction[]>> = {
    paid: ['pay'],
    void: ['void'],
    uncollectible: ['mark-uncollectible'],
  };
  switch (from) {
    case 'draft':
      return to === 'draft' ? [] : ['finalize', ...(fromOpen[to] ?? [])];
    case 'open':
      return fromOpen[to] ?? [];
    case 'uncollectible':
      return to === 'paid' ? ['pay'] : to === 'void' ? ['void'] : [];
    default:
      return [];
  }
}

export async function moveInvoice(
  id: string,
  from: InvoiceStatus2023,
  to: InvoiceStatus,
  ctx: StripeCallContext,
): Promise<void> {
  const invoices = ctx.client.invoices;
  const run: Record<InvoiceAction, (options: Stripe.RequestOptions) => Promise<unknown>> = {
    finalize: (options) => invoices.finalizeInvoice(id, { auto_advance: false }, options),
    pay: (options) => invoices.pay(id, { paid_out_of_band: true }, options),
    void: (options) => invoices.voidInvoice(id, {}, options),
    'mark-uncollectible': (options) => invoices.markUncollectible(id, {}, options),
  };
  for (const action of invoiceActions(from, to)) {
    await write(ctx, action, id, run[action]);
  }
}
