import { cloneJson, JsonObject } from '../../http/json-value';
import { applyMetadata, matchesRange, RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext, StripeRoute } from '../../http/stripe-route';
import { LIST_PARAMS, paginate, readListOptions } from '../../pagination/list-page';
import { StripeRuntime } from '../../stripe-runtime';
import { findInvoice } from '../resource-lookup';
import { DeletedObject } from '../stripe-objects';
import { invoiceItemsOf, lineIdOf, renderInvoice, renderLine } from './invoice.renderer';
import { InvoiceCreator } from './invoice-creator';
import { assertInvoiceTransition, InvoiceLifecycle } from './invoice-lifecycle';
import { InvoiceState } from './invoice-state';

const ALWAYS_EDITABLE = ['auto_advance', 'description', 'expand', 'footer', 'metadata'] as const;
const DRAFT_EDITABLE = ['collection_method', 'days_until_due', 'due_date', 'statement_descriptor'];
const STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

/** `/v1/invoices`: CRUD, list, lines and the finalize / pay / void / mark_uncollectible actions. */
export class InvoiceController {
  private readonly lifecycle: InvoiceLifecycle;
  private readonly creator: InvoiceCreator;

  constructor(private readonly runtime: StripeRuntime) {
    this.lifecycle = new InvoiceLifecycle(runtime);
    this.creator = new InvoiceCreator(runtime);
  }

  routes(): StripeRoute[] {
    const action = (
      name: string,
      allowed: string[],
      run: (ctx: StripeRequestContext, invoice: InvoiceState) => void,
    ): StripeRoute => ({
      method: 'POST',
      pattern: `/v1/invoices/:invoice/${name}`,
      handle: (ctx) => {
        ctx.params.only(['expand', ...allowed]);
        const invoice = findInvoice(ctx.account, ctx.pathParams['invoice']);
        run(ctx, invoice);
        return renderInvoice(ctx.account, invoice);
      },
    });
    return [
      { method: 'POST', pattern: '/v1/invoices', handle: (ctx) => this.creator.create(ctx) },
      { method: 'GET', pattern: '/v1/invoices', handle: (ctx) => this.list(ctx) },
      { method: 'GET', pattern: '/v1/invoices/:invoice', handle: (ctx) => this.retrieve(ctx) },
      { method: 'POST', pattern: '/v1/invoices/:invoice', handle: (ctx) => this.update(ctx) },
      { method: 'DELETE', pattern: '/v1/invoices/:invoice', handle: (ctx) => this.delete(ctx) },
      { method: 'GET', pattern: '/v1/invoices/:invoice/lines', handle: (ctx) => this.lines(ctx) },
      action('finalize', ['auto_advance'], (ctx, invoice) =>
        this.lifecycle.finalize(ctx, invoice, ctx.params.boolean('auto_advance')),
      ),
      action(
        'pay',
        ['forgive', 'off_session', 'paid_out_of_band', 'payment_method', 'source'],
        (ctx, invoice) => this.lifecycle.pay(ctx, invoice, readPayParams(ctx.params)),
      ),
      action('void', [], (ctx, invoice) => this.lifecycle.void(ctx, invoice)),
      action('mark_uncollectible', [], (ctx, invoice) =>
        this.lifecycle.markUncollectible(ctx, invoice),
      ),
    ];
  }

  private retrieve(ctx: StripeRequestContext): JsonObject {
    ctx.params.only(['expand']);
    return renderInvoice(ctx.account, findInvoice(ctx.account, ctx.pathParams['invoice']));
  }

  /** Drafts take every field; finalized invoices only auto_advance, description, footer, metadata. */
  private update(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...ALWAYS_EDITABLE, ...DRAFT_EDITABLE]);
    const invoice = findInvoice(account, ctx.pathParams['invoice']);
    const before = renderInvoice(account, invoice);
    const lockedField = DRAFT_EDITABLE.find((field) => params.has(field));
    if (invoice.status !== 'draft' && lockedField !== undefined) {
      throw StripeApiError.invalid(
        `You can only update \`${lockedField}\` on draft invoices; this invoice is ${invoice.status}.`,
        lockedField,
        'invoice_not_editable',
      );
    }
    const next: InvoiceState = {
      ...invoice,
      metadata: applyMetadata(invoice.metadata, params.metadata()),
    };
    const autoAdvance = params.boolean('auto_advance');
    if (autoAdvance !== undefined) next.auto_advance = autoAdvance;
    for (const field of ['description', 'footer', 'statement_descriptor'] as const) {
      const value = params.string(field);
      if (value !== undefined) next[field] = value;
    }
    Object.assign(next, this.creator.readCollection(params, invoice));
    account.invoices.replace(next);
    const after = renderInvoice(account, next);
    this.runtime.events.record(ctx, 'invoice.updated', after, before);
    return after;
  }

  /** Only drafts can be deleted; their invoice items return to pending. */
  private delete(ctx: StripeRequestContext): JsonObject {
    ctx.params.only([]);
    const { account } = ctx;
    const invoice = findInvoice(account, ctx.pathParams['invoice']);
    assertInvoiceTransition('delete', invoice.status);
    const rendered = renderInvoice(account, invoice);
    for (const item of invoiceItemsOf(account, invoice)) {
      const detached = account.invoiceItems.replace({ ...item, invoice: null });
      this.runtime.events.record(ctx, 'invoiceitem.updated', detached, item);
    }
    account.invoices.delete(invoice.id);
    this.runtime.events.record(ctx, 'invoice.deleted', rendered);
    const deleted: DeletedObject = { id: invoice.id, object: 'invoice', deleted: true };
    return deleted;
  }

  private list(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...LIST_PARAMS, 'collection_method', 'created', 'customer', 'due_date', 'status']);
    const options = readListOptions(params);
    const method = params.enumValue('collection_method', [
      'charge_automatically',
      'send_invoice',
    ] as const);
    const created = params.rangeFilter('created');
    const customer = params.presentString('customer');
    const dueDate = params.rangeFilter('due_date');
    const status = params.enumValue('status', STATUSES);
    const items = account.invoices
      .newestFirst()
      .filter((invoice) => method === undefined || invoice.collection_method === method)
      .filter((invoice) => matchesRange(invoice.created, created))
      .filter((invoice) => customer === undefined || invoice.customer === customer)
      .filter((invoice) => dueDate === undefined || matchesRange(invoice.due_date ?? -1, dueDate))
      .filter((invoice) => status === undefined || invoice.status === status);
    const seqOf = (id: string): number | undefined => account.invoices.seqOf(id);
    const page = paginate(items, options, seqOf, '/v1/invoices', 'invoice');
    return { ...page, data: page.data.map((invoice) => renderInvoice(account, invoice)) };
  }

  private lines(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(LIST_PARAMS);
    const options = readListOptions(params);
    const invoice = findInvoice(account, ctx.pathParams['invoice']);
    const lines = invoiceItemsOf(account, invoice).map(renderLine);
    // Lines run in invoice order; give earlier lines higher "sequence" so paging runs forward.
    const order = new Map(lines.map((line, index) => [line.id, lines.length - index]));
    const seqOf = (id: string): number | undefined => order.get(id) ?? order.get(lineIdOf(id));
    return cloneJson(
      paginate(lines, options, seqOf, `/v1/invoices/${invoice.id}/lines`, 'line item'),
    );
  }
}

function readPayParams(params: RequestParams): boolean {
  const paymentMethod = params.string('payment_method') ?? params.string('source');
  if (paymentMethod) {
    // The simulator keeps no payment methods, so any id is unknown, as it would be on Stripe.
    throw StripeApiError.resourceMissing(
      'payment_method',
      paymentMethod,
      params.has('payment_method') ? 'payment_method' : 'source',
    );
  }
  params.boolean('forgive');
  params.boolean('off_session');
  return params.boolean('paid_out_of_band') ?? false;
}
