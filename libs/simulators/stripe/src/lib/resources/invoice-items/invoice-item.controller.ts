import { parseCurrency } from '../../currency/currency';
import { cloneJson, JsonObject } from '../../http/json-value';
import { applyMetadata, matchesRange, RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext, StripeRoute } from '../../http/stripe-route';
import { LIST_PARAMS, paginate, readListOptions } from '../../pagination/list-page';
import { StripeRuntime } from '../../stripe-runtime';
import { checkCustomerCurrency, fixCustomerCurrency } from '../customers/customer-currency';
import { renderInvoice } from '../invoices/invoice.renderer';
import { InvoiceState } from '../invoices/invoice-state';
import { findCustomer, findInvoice, findInvoiceItem } from '../resource-lookup';
import { DeletedObject, InvoiceItemObject, Period } from '../stripe-objects';
import { missingPricing, readItemPricing } from './invoice-item-amount';

const EDITABLE = [
  'amount',
  'description',
  'discountable',
  'expand',
  'metadata',
  'period',
  'price',
  'quantity',
  'unit_amount',
  'unit_amount_decimal',
] as const;

/** `/v1/invoiceitems`: pending items of a customer, or lines of a draft invoice. */
export class InvoiceItemController {
  constructor(private readonly runtime: StripeRuntime) {}

  routes(): StripeRoute[] {
    return [
      { method: 'POST', pattern: '/v1/invoiceitems', handle: (ctx) => this.create(ctx) },
      { method: 'GET', pattern: '/v1/invoiceitems', handle: (ctx) => this.list(ctx) },
      { method: 'GET', pattern: '/v1/invoiceitems/:item', handle: (ctx) => this.retrieve(ctx) },
      { method: 'POST', pattern: '/v1/invoiceitems/:item', handle: (ctx) => this.update(ctx) },
      { method: 'DELETE', pattern: '/v1/invoiceitems/:item', handle: (ctx) => this.delete(ctx) },
    ];
  }

  private create(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...EDITABLE, 'currency', 'customer', 'invoice']);
    const customer = findCustomer(account, params.requiredString('customer'), 'customer');
    const pricing = readItemPricing(account, params, undefined);
    if (!pricing) throw missingPricing();
    const requested = params.presentString('currency');
    const requestedCurrency = requested === undefined ? undefined : parseCurrency(requested);
    if (pricing.currency && requestedCurrency && pricing.currency !== requestedCurrency) {
      throw StripeApiError.invalid(
        `The price's currency (${pricing.currency}) does not match the currency passed (${requestedCurrency}).`,
        'currency',
      );
    }
    const invoiceId = params.presentString('invoice');
    const invoice =
      invoiceId === undefined ? undefined : findInvoice(account, invoiceId, 'invoice');
    // Without a price or `currency`, the item takes its invoice's or customer's currency.
    const currency =
      pricing.currency ?? requestedCurrency ?? invoice?.currency ?? customer.currency ?? undefined;
    if (currency === undefined) throw StripeApiError.parameterMissing('currency');
    checkCustomerCurrency(customer, currency);
    if (invoice) checkInvoiceAcceptsItem(invoice, customer.id, currency);
    const now = this.runtime.clock.nowSeconds();
    const item: InvoiceItemObject = {
      id: this.runtime.ids.long('ii'),
      object: 'invoiceitem',
      amount: pricing.amount,
      currency,
      customer: customer.id,
      date: now,
      description: params.string('description') ?? null,
      discountable: params.boolean('discountable') ?? true,
      discounts: [],
      invoice: invoice?.id ?? null,
      livemode: false,
      metadata: applyMetadata({}, params.metadata()),
      period: readPeriod(params) ?? { start: now, end: now },
      price: pricing.price,
      proration: false,
      quantity: pricing.quantity,
      subscription: null,
      tax_rates: [],
      test_clock: null,
      unit_amount: pricing.unit_amount,
      unit_amount_decimal: pricing.unit_amount_decimal,
    };
    const invoiceBefore = invoice ? renderInvoice(account, invoice) : undefined;
    account.invoiceItems.insert(item);
    if (invoice) invoice.itemIds.push(item.id);
    fixCustomerCurrency(ctx, this.runtime, customer, currency);
    this.runtime.events.record(ctx, 'invoiceitem.created', item);
    if (invoice && invoiceBefore) {
      this.runtime.events.record(
        ctx,
        'invoice.updated',
        renderInvoice(account, invoice),
        invoiceBefore,
      );
    }
    return cloneJson(item);
  }

  private retrieve(ctx: StripeRequestContext): JsonObject {
    ctx.params.only(['expand']);
    return cloneJson(findInvoiceItem(ctx.account, ctx.pathParams['item']));
  }

  private update(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(EDITABLE);
    const before = findInvoiceItem(account, ctx.pathParams['item']);
    const invoice = this.editableInvoiceOf(ctx, before);
    const next: InvoiceItemObject = { ...cloneJson(before) };
    const pricing = readItemPricing(account, params, before);
    if (pricing) {
      if (pricing.currency && pricing.currency !== before.currency) {
        throw StripeApiError.invalid(
          `The price's currency (${pricing.currency}) does not match the invoice item's currency (${before.currency}).`,
          'price',
        );
      }
      const { currency: _currency, ...amounts } = pricing;
      Object.assign(next, amounts);
    }
    const description = params.string('description');
    if (description !== undefined) next.description = description;
    const discountable = params.boolean('discountable');
    if (discountable !== undefined) next.discountable = discountable;
    const period = readPeriod(params);
    if (period) next.period = period;
    next.metadata = applyMetadata(before.metadata, params.metadata());
    const invoiceBefore = invoice ? renderInvoice(account, invoice) : undefined;
    const after = account.invoiceItems.replace(next);
    this.runtime.events.record(ctx, 'invoiceitem.updated', after, before);
    if (invoice && invoiceBefore) {
      this.runtime.events.record(
        ctx,
        'invoice.updated',
        renderInvoice(account, invoice),
        invoiceBefore,
      );
    }
    return cloneJson(after);
  }

  private delete(ctx: StripeRequestContext): JsonObject {
    ctx.params.only([]);
    const { account } = ctx;
    const item = findInvoiceItem(account, ctx.pathParams['item']);
    const invoice = this.editableInvoiceOf(ctx, item);
    const invoiceBefore = invoice ? renderInvoice(account, invoice) : undefined;
    account.invoiceItems.delete(item.id);
    this.runtime.events.record(ctx, 'invoiceitem.deleted', item);
    if (invoice && invoiceBefore) {
      invoice.itemIds = invoice.itemIds.filter((id) => id !== item.id);
      this.runtime.events.record(
        ctx,
        'invoice.updated',
        renderInvoice(account, invoice),
        invoiceBefore,
      );
    }
    const deleted: DeletedObject = { id: item.id, object: 'invoiceitem', deleted: true };
    return deleted;
  }

  private list(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...LIST_PARAMS, 'created', 'customer', 'invoice', 'pending']);
    const options = readListOptions(params);
    const created = params.rangeFilter('created');
    const customer = params.presentString('customer');
    const invoice = params.presentString('invoice');
    const pending = params.boolean('pending');
    const items = account.invoiceItems
      .newestFirst()
      .filter((item) => matchesRange(item.date, created))
      .filter((item) => customer === undefined || item.customer === customer)
      .filter((item) => invoice === undefined || item.invoice === invoice)
      .filter((item) => pending === undefined || (item.invoice === null) === pending);
    const seqOf = (id: string): number | undefined => account.invoiceItems.seqOf(id);
    return cloneJson(paginate(items, options, seqOf, '/v1/invoiceitems', 'invoiceitem'));
  }

  /** An item on a finalized invoice is part of a legal document and cannot change. */
  private editableInvoiceOf(
    ctx: StripeRequestContext,
    item: InvoiceItemObject,
  ): InvoiceState | undefined {
    if (item.invoice === null) return undefined;
    const invoice = ctx.account.invoices.get(item.invoice);
    if (invoice && invoice.status !== 'draft') {
      throw StripeApiError.invalid(
        `The invoice item ${item.id} is on invoice ${invoice.id}, which is no longer a draft, and cannot be changed.`,
        undefined,
        'invoice_not_editable',
      );
    }
    return invoice;
  }
}

function checkInvoiceAcceptsItem(
  invoice: InvoiceState,
  customerId: string,
  currency: string,
): void {
  if (invoice.customer !== customerId) {
    throw StripeApiError.invalid(
      `The invoice ${invoice.id} belongs to a different customer than ${customerId}.`,
      'invoice',
    );
  }
  if (invoice.status !== 'draft') {
    throw StripeApiError.invalid(
      `Invoice items can only be added to draft invoices; ${invoice.id} is ${invoice.status}.`,
      'invoice',
      'invoice_not_editable',
    );
  }
  if (invoice.currency !== currency) {
    throw StripeApiError.invalid(
      `The currency of the invoice item (${currency}) must match the currency of the invoice (${invoice.currency}).`,
      'currency',
    );
  }
}

function readPeriod(params: RequestParams): Period | undefined {
  const hash = params.hash('period');
  if (!hash) return undefined;
  hash.only(['start', 'end']);
  const start = hash.presentInteger('start');
  const end = hash.presentInteger('end');
  if (start === undefined) throw StripeApiError.parameterMissing(hash.name('start'));
  if (end === undefined) throw StripeApiError.parameterMissing(hash.name('end'));
  if (end < start)
    throw StripeApiError.invalid('The period end must be after its start.', hash.name('end'));
  return { start, end };
}
