import { parseCurrency } from '../../currency/currency';
import { JsonObject } from '../../http/json-value';
import { applyMetadata, RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext } from '../../http/stripe-route';
import { StripeRuntime } from '../../stripe-runtime';
import { checkCustomerCurrency, fixCustomerCurrency } from '../customers/customer-currency';
import { findCustomer } from '../resource-lookup';
import { renderInvoice } from './invoice.renderer';
import { InvoiceState } from './invoice-state';

const CREATE_PARAMS = [
  'auto_advance',
  'collection_method',
  'currency',
  'customer',
  'days_until_due',
  'description',
  'due_date',
  'expand',
  'footer',
  'metadata',
  'pending_invoice_items_behavior',
  'statement_descriptor',
] as const;
const PENDING_BEHAVIORS = ['exclude', 'include', 'include_and_require'] as const;
const COLLECTION_METHODS = ['charge_automatically', 'send_invoice'] as const;
const DAY_SECONDS = 86_400;

/** `POST /v1/invoices`: a draft for a customer, optionally pulling in pending invoice items. */
export class InvoiceCreator {
  constructor(private readonly runtime: StripeRuntime) {}

  /**
   * In API version 2023-08-16 `pending_invoice_items_behavior` defaults to `exclude` (spec3:
   * "Defaults to `exclude` if the parameter is omitted"): pending items join the invoice only
   * with `include` or `include_and_require`.
   */
  create(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(CREATE_PARAMS);
    const customer = findCustomer(account, params.requiredString('customer'), 'customer');
    const behavior =
      params.enumValue('pending_invoice_items_behavior', PENDING_BEHAVIORS) ?? 'exclude';
    const requested = params.presentString('currency');
    const requestedCurrency = requested === undefined ? undefined : parseCurrency(requested);
    if (requestedCurrency !== undefined) checkCustomerCurrency(customer, requestedCurrency);
    const pending = account.invoiceItems
      .newestFirst()
      .filter((item) => item.customer === customer.id && item.invoice === null);
    const currency = requestedCurrency ?? customer.currency ?? pending[0]?.currency ?? 'usd';
    const pulled =
      behavior === 'exclude' ? [] : pending.filter((item) => item.currency === currency);
    if (behavior === 'include_and_require' && pulled.length === 0) {
      throw StripeApiError.invalid(
        'Nothing to invoice for customer',
        undefined,
        'invoice_no_customer_line_items',
      );
    }
    const now = this.runtime.clock.nowSeconds();
    const invoice: InvoiceState = {
      id: this.runtime.ids.long('in'),
      created: now,
      customer: customer.id,
      currency,
      status: 'draft',
      number: null,
      description: params.string('description') ?? null,
      footer: params.string('footer') ?? customer.invoice_settings.footer,
      metadata: applyMetadata({}, params.metadata()),
      auto_advance: params.boolean('auto_advance') ?? false,
      collection_method: 'charge_automatically',
      due_date: null,
      statement_descriptor: params.string('statement_descriptor') ?? null,
      itemIds: pulled.map((item) => item.id),
      status_transitions: {
        finalized_at: null,
        marked_uncollectible_at: null,
        paid_at: null,
        voided_at: null,
      },
      paid_out_of_band: false,
      attempted: false,
      attempt_count: 0,
      effective_at: null,
      customer_address: customer.address,
      customer_email: customer.email,
      customer_name: customer.name,
      customer_phone: customer.phone,
      customer_shipping: customer.shipping,
      customer_tax_exempt: customer.tax_exempt,
    };
    Object.assign(invoice, this.readCollection(params, invoice));
    account.invoices.insert(invoice);
    fixCustomerCurrency(ctx, this.runtime, customer, currency);
    const rendered = renderInvoice(account, invoice);
    this.runtime.events.record(ctx, 'invoice.created', rendered);
    for (const item of pulled) {
      const attached = account.invoiceItems.replace({ ...item, invoice: invoice.id });
      this.runtime.events.record(ctx, 'invoiceitem.updated', attached, item);
    }
    return rendered;
  }

  /** `collection_method` with its due date: `send_invoice` needs `due_date` or `days_until_due`. */
  readCollection(
    params: RequestParams,
    current: InvoiceState,
  ): Pick<InvoiceState, 'collection_method' | 'due_date'> {
    const method =
      params.enumValue('collection_method', COLLECTION_METHODS) ?? current.collection_method;
    const days = params.presentInteger('days_until_due', { min: 0, max: 3650 });
    const dueDate = params.integer('due_date');
    if (method === 'charge_automatically') {
      const param = days !== undefined ? 'days_until_due' : dueDate ? 'due_date' : undefined;
      if (param) {
        throw StripeApiError.invalid(
          `Invoices with collection_method=charge_automatically cannot have \`${param}\`; it is valid only with send_invoice.`,
          param,
        );
      }
      return { collection_method: method, due_date: null };
    }
    const due =
      dueDate ??
      (days !== undefined
        ? this.runtime.clock.nowSeconds() + days * DAY_SECONDS
        : current.due_date);
    if (due === null) throw StripeApiError.parameterMissing('days_until_due');
    return { collection_method: method, due_date: due };
  }
}
