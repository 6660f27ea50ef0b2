import { cloneJson, JsonObject } from '../../http/json-value';
import { applyMetadata, matchesRange, RequestParams } from '../../http/request-params';
import { StripeRequestContext, StripeRoute } from '../../http/stripe-route';
import { LIST_PARAMS, paginate, readListOptions } from '../../pagination/list-page';
import { StripeRuntime } from '../../stripe-runtime';
import { findCustomer } from '../resource-lookup';
import { CustomerObject, DeletedObject } from '../stripe-objects';
import {
  readAddress,
  readEmail,
  readInvoicePrefix,
  readInvoiceSettings,
  readShipping,
} from './customer-params';
import { searchCustomers } from './customer-search';
import { saveCustomer } from './customer-store';

const WRITABLE = [
  'address',
  'balance',
  'description',
  'email',
  'expand',
  'invoice_prefix',
  'invoice_settings',
  'metadata',
  'name',
  'next_invoice_sequence',
  'phone',
  'preferred_locales',
  'shipping',
  'tax_exempt',
] as const;
const TAX_EXEMPT = ['none', 'exempt', 'reverse'] as const;

/** `/v1/customers`: create, retrieve (deleted shape too), update, delete, list, search. */
export class CustomerController {
  constructor(private readonly runtime: StripeRuntime) {}

  routes(): StripeRoute[] {
    return [
      { method: 'POST', pattern: '/v1/customers', handle: (ctx) => this.create(ctx) },
      { method: 'GET', pattern: '/v1/customers', handle: (ctx) => this.list(ctx) },
      {
        method: 'GET',
        pattern: '/v1/customers/search',
        handle: (ctx) => searchCustomers(ctx, this.runtime),
      },
      { method: 'GET', pattern: '/v1/customers/:customer', handle: (ctx) => this.retrieve(ctx) },
      { method: 'POST', pattern: '/v1/customers/:customer', handle: (ctx) => this.update(ctx) },
      { method: 'DELETE', pattern: '/v1/customers/:customer', handle: (ctx) => this.delete(ctx) },
    ];
  }

  private create(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(WRITABLE);
    const blank: CustomerObject = {
      id: this.runtime.ids.short('cus'),
      object: 'customer',
      address: null,
      balance: 0,
      created: this.runtime.clock.nowSeconds(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      discount: null,
      email: null,
      invoice_prefix: this.runtime.ids.invoicePrefix(),
      invoice_settings: {
        custom_fields: null,
        default_payment_method: null,
        footer: null,
        rendering_options: null,
      },
      livemode: false,
      metadata: {},
      name: null,
      next_invoice_sequence: 1,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
    const customer = saveCustomer(account, this.runtime.clock, applyCustomerParams(blank, params));
    this.runtime.events.record(ctx, 'customer.created', customer);
    return cloneJson(customer);
  }

  private retrieve(ctx: StripeRequestContext): JsonObject {
    ctx.params.only(['expand']);
    const id = ctx.pathParams['customer'];
    if (ctx.account.deletedCustomerIds.has(id)) return deletedCustomer(id);
    return cloneJson(findCustomer(ctx.account, id));
  }

  private update(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(WRITABLE);
    const before = findCustomer(account, ctx.pathParams['customer']);
    const after = saveCustomer(
      account,
      this.runtime.clock,
      applyCustomerParams(cloneJson(before), params),
    );
    this.runtime.events.record(ctx, 'customer.updated', after, before);
    return cloneJson(after);
  }

  private delete(ctx: StripeRequestContext): JsonObject {
    ctx.params.only([]);
    const { account } = ctx;
    const customer = findCustomer(account, ctx.pathParams['customer']);
    account.customers.delete(customer.id);
    account.deletedCustomerIds.add(customer.id);
    account.customerSearch.record(customer.id, 0, null, this.runtime.clock.now());
    this.runtime.events.record(ctx, 'customer.deleted', customer);
    return deletedCustomer(customer.id);
  }

  private list(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...LIST_PARAMS, 'created', 'email']);
    const options = readListOptions(params);
    const email = params.presentString('email');
    const created = params.rangeFilter('created');
    const items = account.customers
      .newestFirst()
      .filter((customer) => email === undefined || customer.email === email)
      .filter((customer) => matchesRange(customer.created, created));
    const seqOf = (id: string): number | undefined => account.customers.seqOf(id);
    return cloneJson(paginate(items, options, seqOf, '/v1/customers', 'customer'));
  }
}

function applyCustomerParams(customer: CustomerObject, params: RequestParams): CustomerObject {
  const next = { ...customer };
  const address = readAddress(params, 'address', customer.address);
  if (address !== undefined) next.address = address;
  const balance = params.integer('balance');
  if (balance !== undefined) next.balance = balance ?? 0;
  for (const field of ['description', 'name', 'phone'] as const) {
    const value = params.string(field);
    if (value !== undefined) next[field] = value;
  }
  const email = readEmail(params);
  if (email !== undefined) next.email = email;
  const prefix = readInvoicePrefix(params);
  if (prefix !== undefined) next.invoice_prefix = prefix;
  const settings = readInvoiceSettings(params, customer.invoice_settings);
  if (settings !== undefined) next.invoice_settings = settings;
  next.metadata = applyMetadata(customer.metadata, params.metadata());
  const sequence = params.presentInteger('next_invoice_sequence', { min: 1 });
  if (sequence !== undefined) next.next_invoice_sequence = sequence;
  const locales = params.stringList('preferred_locales');
  if (locales !== undefined) next.preferred_locales = locales;
  const shipping = readShipping(params);
  if (shipping !== undefined) next.shipping = shipping;
  const taxExempt = params.string('tax_exempt');
  if (taxExempt !== undefined) {
    next.tax_exempt =
      taxExempt === null ? 'none' : (params.enumValue('tax_exempt', TAX_EXEMPT) ?? 'none');
  }
  return next;
}

function deletedCustomer(id: string): JsonObject {
  const deleted: DeletedObject = { id, object: 'customer', deleted: true };
  return deleted;
}
