import { StripeAccount } from '../../accounts/stripe-account';
import { cloneJson, JsonObject } from '../../http/json-value';
import { InvoiceItemObject, LineItemObject } from '../stripe-objects';
import { InvoiceState } from './invoice-state';
import { computeInvoiceTotals } from './invoice-totals';

/** Lines embedded in an invoice; the rest are paged through `/v1/invoices/{id}/lines`. */
export const EMBEDDED_LINES = 10;

export function invoiceItemsOf(account: StripeAccount, invoice: InvoiceState): InvoiceItemObject[] {
  return invoice.itemIds
    .map((id) => account.invoiceItems.get(id))
    .filter((item): item is InvoiceItemObject => item !== undefined);
}

/** A line shares its invoice item's id suffix (`ii_1Abc` -> `il_1Abc`), as on Stripe. */
export function lineIdOf(itemId: string): string {
  return `il_${itemId.slice(itemId.indexOf('_') + 1)}`;
}

export function renderLine(item: InvoiceItemObject): LineItemObject {
  return {
    id: lineIdOf(item.id),
    object: 'line_item',
    amount: item.amount,
    amount_excluding_tax: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice_item: item.id,
    livemode: false,
    metadata: { ...item.metadata },
    period: { ...item.period },
    price: item.price ? cloneJson(item.price) : null,
    proration: false,
    proration_details: { credited_items: null },
    quantity: item.quantity,
    subscription: null,
    tax_amounts: [],
    tax_rates: [],
    type: 'invoiceitem',
    unit_amount_excluding_tax: item.unit_amount_decimal,
  };
}

/** The invoice as the API shows it, with lines and totals derived from its invoice items. */
export function renderInvoice(account: StripeAccount, invoice: InvoiceState): JsonObject {
  const items = invoiceItemsOf(account, invoice);
  const totals = computeInvoiceTotals(items, invoice.status === 'paid');
  // A draft shows the customer as it is now; finalization freezes these fields.
  const customer = invoice.status === 'draft' ? account.customers.get(invoice.customer) : undefined;
  const rendered = {
    id: invoice.id,
    object: 'invoice',
    account_country: 'US',
    account_name: null,
    account_tax_ids: null,
    amount_due: totals.amount_due,
    amount_paid: totals.amount_paid,
    amount_remaining: totals.amount_remaining,
    amount_shipping: 0,
    application: null,
    application_fee_amount: null,
    attempt_count: invoice.attempt_count,
    attempted: invoice.attempted,
    auto_advance: invoice.auto_advance,
    automatic_tax: { enabled: false, status: null },
    billing_reason: 'manual',
    charge: null,
    collection_method: invoice.collection_method,
    created: invoice.created,
    currency: invoice.currency,
    custom_fields: null,
    customer: invoice.customer,
    customer_address: customer ? customer.address : invoice.customer_address,
    customer_email: customer ? customer.email : invoice.customer_email,
    customer_name: customer ? customer.name : invoice.customer_name,
    customer_phone: customer ? customer.phone : invoice.customer_phone,
    customer_shipping: customer ? customer.shipping : invoice.customer_shipping,
    customer_tax_exempt: customer ? customer.tax_exempt : invoice.customer_tax_exempt,
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: invoice.description,
    discount: null,
    discounts: [],
    due_date: invoice.due_date,
    effective_at: invoice.effective_at,
    ending_balance: invoice.status === 'draft' ? null : 0,
    footer: invoice.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: 'list',
      data: items.slice(0, EMBEDDED_LINES).map(renderLine),
      has_more: items.length > EMBEDDED_LINES,
      total_count: items.length,
      url: `/v1/invoices/${invoice.id}/lines`,
    },
    livemode: false,
    metadata: { ...invoice.metadata },
    next_payment_attempt: null,
    number: invoice.number,
    on_behalf_of: null,
    paid: invoice.status === 'paid',
    paid_out_of_band: invoice.paid_out_of_band,
    payment_intent: null,
    payment_settings: {
      default_mandate: null,
      payment_method_options: null,
      payment_method_types: null,
    },
    period_end: invoice.created,
    period_start: invoice.created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    quote: null,
    receipt_number: null,
    rendering_options: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: invoice.statement_descriptor,
    status: invoice.status,
    status_transitions: { ...invoice.status_transitions },
    subscription: null,
    subscription_details: { metadata: null },
    subtotal: totals.subtotal,
    subtotal_excluding_tax: totals.subtotal,
    tax: null,
    test_clock: null,
    total: totals.total,
    total_discount_amounts: [],
    total_excluding_tax: totals.total,
    total_tax_amounts: [],
    transfer_data: null,
    webhooks_delivered_at: null,
  };
  return cloneJson(rendered as JsonObject);
}
