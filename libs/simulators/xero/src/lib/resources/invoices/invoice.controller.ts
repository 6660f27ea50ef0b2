import { queryList, queryParam } from '../../http/query-params';
import { XeroApiError } from '../../http/xero-api.error';
import { XeroRequestContext, XeroResult, XeroRoute } from '../../http/xero-route';
import { unitDp } from '../../money/unit-dp';
import { InvoiceRecord } from '../../organisations/xero-records';
import { batchWrite, readBatch } from '../batch-write';
import { listRecords } from '../list-records';
import { INVOICE_FIELDS, renderInvoice, withoutLineItems } from './invoice.renderer';
import { InvoiceWriter } from './invoice.writer';

/** `/Invoices`: list, get by id or number, PUT creates, POST updates or creates (void, delete). */
export class InvoiceController {
  private readonly writer = new InvoiceWriter();

  routes(): XeroRoute[] {
    return [
      { method: 'GET', pattern: '/Invoices', handle: (context) => this.list(context) },
      { method: 'GET', pattern: '/Invoices/:id', handle: (context) => this.get(context) },
      { method: 'PUT', pattern: '/Invoices', handle: (c) => batchWrite(c, this.writer, 'create') },
      { method: 'POST', pattern: '/Invoices', handle: (c) => batchWrite(c, this.writer, 'upsert') },
      { method: 'POST', pattern: '/Invoices/:id', handle: (context) => this.update(context) },
    ];
  }

  private list(context: XeroRequestContext): XeroResult {
    const dp = unitDp(context.query);
    const numbers = queryList(context.query, 'InvoiceNumbers');
    const contactIds = queryList(context.query, 'ContactIDs')?.map((id) => id.toLowerCase());
    const statuses = queryList(context.query, 'Statuses')?.map((status) => status.toUpperCase());
    const term = queryParam(context.query, 'searchTerm')?.toLowerCase();
    const invoices = [...context.org.invoices.values()]
      .filter((invoice) => !numbers || numbers.includes(invoice.InvoiceNumber))
      .filter((invoice) => !contactIds || contactIds.includes(invoice.ContactID))
      .filter((invoice) => !statuses || statuses.includes(invoice.Status))
      .filter(
        (invoice) =>
          !term ||
          [invoice.InvoiceNumber, invoice.Reference ?? ''].some((text) =>
            text.toLowerCase().includes(term),
          ),
      )
      .map((invoice) => renderInvoice(context.org, invoice, dp));
    return listRecords(
      context,
      {
        typeName: 'Invoice',
        collection: 'Invoices',
        fields: INVOICE_FIELDS,
        idField: 'InvoiceID',
        filtersByIds: true,
        paged: true,
        unpagedView: withoutLineItems,
      },
      invoices,
    );
  }

  private get(context: XeroRequestContext): XeroResult {
    return {
      collection: 'Invoices',
      records: [renderInvoice(context.org, this.find(context), unitDp(context.query))],
    };
  }

  private update(context: XeroRequestContext): XeroResult {
    const invoice = this.find(context);
    const [first] = readBatch(context.body, 'Invoices', 1);
    return batchWrite(context, this.writer, 'upsert', [{ ...first, InvoiceID: invoice.InvoiceID }]);
  }

  private find(context: XeroRequestContext): InvoiceRecord {
    const key = context.pathParams['id'];
    const invoice =
      context.org.invoices.get(key.toLowerCase()) ??
      [...context.org.invoices.values()].find((candidate) => candidate.InvoiceNumber === key);
    if (!invoice) throw XeroApiError.notFound();
    return invoice;
  }
}
