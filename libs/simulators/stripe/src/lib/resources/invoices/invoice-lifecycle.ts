import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext } from '../../http/stripe-route';
import { StripeRuntime } from '../../stripe-runtime';
import { saveCustomer } from '../customers/customer-store';
import { InvoiceStatus } from '../stripe-objects';
import { invoiceItemsOf, renderInvoice } from './invoice.renderer';
import { InvoiceState } from './invoice-state';
import { computeInvoiceTotals } from './invoice-totals';

export type InvoiceAction = 'finalize' | 'pay' | 'void' | 'mark_uncollectible' | 'delete';

/** Which statuses each action starts from; everything else is Stripe's 400. */
export const INVOICE_TRANSITIONS: Readonly<Record<InvoiceAction, readonly InvoiceStatus[]>> = {
  finalize: ['draft'],
  pay: ['draft', 'open', 'uncollectible'],
  void: ['open', 'uncollectible'],
  mark_uncollectible: ['open'],
  delete: ['draft'],
};

const REFUSALS: Record<InvoiceAction, (status: InvoiceStatus) => string> = {
  finalize: () => "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
  pay: (status) =>
    status === 'paid'
      ? 'Invoice is already paid.'
      : `This invoice is ${status} and cannot be paid.`,
  void: (status) => `You can only void open or uncollectible invoices; this invoice is ${status}.`,
  mark_uncollectible: (status) =>
    `You can only mark open invoices as uncollectible; this invoice is ${status}.`,
  delete: () => 'You can only delete draft invoices. Void finalized invoices instead.',
};

export function assertInvoiceTransition(action: InvoiceAction, status: InvoiceStatus): void {
  if (!INVOICE_TRANSITIONS[action].includes(status)) {
    throw StripeApiError.invalid(REFUSALS[action](status), undefined, 'invoice_not_editable');
  }
}

/**
 * The invoice state machine: draft -> open (finalize) -> paid | void | uncollectible, and
 * uncollectible -> paid | void. Each transition records its event.
 */
export class InvoiceLifecycle {
  constructor(private readonly runtime: StripeRuntime) {}

  /** Assigns the number; a finalized invoice with nothing due is paid at once, as on Stripe. */
  finalize(ctx: StripeRequestContext, invoice: InvoiceState, autoAdvance?: boolean): InvoiceState {
    assertInvoiceTransition('finalize', invoice.status);
    const { account } = ctx;
    const now = this.runtime.clock.nowSeconds();
    const customer = account.customers.get(invoice.customer);
    if (customer) {
      invoice.number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, '0')}`;
      saveCustomer(account, this.runtime.clock, {
        ...customer,
        next_invoice_sequence: customer.next_invoice_sequence + 1,
      });
      invoice.customer_address = customer.address;
      invoice.customer_email = customer.email;
      invoice.customer_name = customer.name;
      invoice.customer_phone = customer.phone;
      invoice.customer_shipping = customer.shipping;
      invoice.customer_tax_exempt = customer.tax_exempt;
    } else {
      invoice.number = `${invoice.id.slice(-8).toUpperCase()}-0001`;
    }
    invoice.status = 'open';
    invoice.status_transitions.finalized_at = now;
    invoice.effective_at = invoice.effective_at ?? now;
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    this.runtime.events.record(ctx, 'invoice.finalized', renderInvoice(account, invoice));
    const { amount_due } = computeInvoiceTotals(invoiceItemsOf(account, invoice), false);
    if (amount_due === 0) this.markPaid(ctx, invoice, false);
    return invoice;
  }

  /**
   * Pays an invoice (finalizing a draft first). There are no payment methods to charge, so a
   * payment without `paid_out_of_band` succeeds as well.
   */
  pay(ctx: StripeRequestContext, invoice: InvoiceState, outOfBand: boolean): InvoiceState {
    assertInvoiceTransition('pay', invoice.status);
    if (invoice.status === 'draft') this.finalize(ctx, invoice);
    if (invoice.status === 'paid') return invoice;
    if (!outOfBand) {
      invoice.attempted = true;
      invoice.attempt_count += 1;
    }
    this.markPaid(ctx, invoice, outOfBand);
    return invoice;
  }

  void(ctx: StripeRequestContext, invoice: InvoiceState): InvoiceState {
    assertInvoiceTransition('void', invoice.status);
    invoice.status = 'void';
    invoice.status_transitions.voided_at = this.runtime.clock.nowSeconds();
    this.runtime.events.record(ctx, 'invoice.voided', renderInvoice(ctx.account, invoice));
    return invoice;
  }

  markUncollectible(ctx: StripeRequestContext, invoice: InvoiceState): InvoiceState {
    assertInvoiceTransition('mark_uncollectible', invoice.status);
    invoice.status = 'uncollectible';
    invoice.status_transitions.marked_uncollectible_at = this.runtime.clock.nowSeconds();
    this.runtime.events.record(
      ctx,
      'invoice.marked_uncollectible',
      renderInvoice(ctx.account, invoice),
    );
    return invoice;
  }

  private markPaid(ctx: StripeRequestContext, invoice: InvoiceState, outOfBand: boolean): void {
    invoice.status = 'paid';
    invoice.paid_out_of_band = outOfBand;
    invoice.status_transitions.paid_at = this.runtime.clock.nowSeconds();
    this.runtime.events.record(ctx, 'invoice.paid', renderInvoice(ctx.account, invoice));
  }
}
