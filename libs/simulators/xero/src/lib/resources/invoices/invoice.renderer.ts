import { msDate, msDateOfDay } from '../../http/ms-date';
import { moneyNumber, unitNumber } from '../../money/unit-dp';
import { Organisation } from '../../organisations/organisation';
import { InvoiceRecord, PaymentRecord } from '../../organisations/xero-records';
import { renderContactSummary } from '../contacts/contact.renderer';
import { invoiceBalance } from './invoice-amounts';

export const INVOICE_FIELDS: ReadonlySet<string> = new Set([
  'InvoiceID',
  'InvoiceNumber',
  'Reference',
  'Type',
  'Status',
  'Date',
  'DueDate',
  'LineAmountTypes',
  'CurrencyCode',
  'SubTotal',
  'TotalTax',
  'Total',
  'AmountDue',
  'AmountPaid',
  'UpdatedDateUTC',
  'Contact.ContactID',
  'Contact.ContactNumber',
  'Contact.Name',
]);

/** An invoice as Xero answers it, with amounts as numbers and dates as `/Date(ms+0000)/`. */
export function renderInvoice(
  org: Organisation,
  invoice: InvoiceRecord,
  dp: 2 | 4,
): Record<string, unknown> {
  const { amountPaid, amountDue } = invoiceBalance(org, invoice);
  const payments = invoice.PaymentIDs.map((id) => org.payments.get(id)).filter(
    (payment): payment is PaymentRecord => payment !== undefined && payment.Status === 'AUTHORISED',
  );
  return {
    Type: invoice.Type,
    InvoiceID: invoice.InvoiceID,
    InvoiceNumber: invoice.InvoiceNumber,
    ...(invoice.Reference === undefined ? {} : { Reference: invoice.Reference }),
    Contact: renderContactSummary(org.contacts.get(invoice.ContactID), invoice.ContactID),
    Date: msDateOfDay(invoice.Date),
    DateString: `${invoice.Date}T00:00:00`,
    ...(invoice.DueDate
      ? { DueDate: msDateOfDay(invoice.DueDate), DueDateString: `${invoice.DueDate}T00:00:00` }
      : {}),
    Status: invoice.Status,
    LineAmountTypes: invoice.LineAmountTypes,
    LineItems: invoice.LineItems.map((line) => ({
      LineItemID: line.LineItemID,
      ...(line.Description === undefined ? {} : { Description: line.Description }),
      Quantity: Number(line.Quantity),
      UnitAmount: unitNumber(line.UnitAmount, dp),
      ...(line.ItemCode === undefined ? {} : { ItemCode: line.ItemCode }),
      ...(line.AccountCode === undefined ? {} : { AccountCode: line.AccountCode }),
      TaxType: line.TaxType,
      TaxAmount: moneyNumber(line.TaxAmount),
      LineAmount: moneyNumber(line.LineAmount),
      ...(line.DiscountRate === undefined ? {} : { DiscountRate: Number(line.DiscountRate) }),
      Tracking: [],
    })),
    SubTotal: moneyNumber(invoice.SubTotal),
    TotalTax: moneyNumber(invoice.TotalTax),
    Total: moneyNumber(invoice.Total),
    AmountDue: amountDue.toNumber(),
    AmountPaid: amountPaid.toNumber(),
    AmountCredited: 0,
    CurrencyCode: invoice.CurrencyCode,
    CurrencyRate: 1,
    Payments: payments.map((payment) => ({
      PaymentID: payment.PaymentID,
      Date: msDateOfDay(payment.Date),
      Amount: moneyNumber(payment.Amount),
      ...(payment.Reference === undefined ? {} : { Reference: payment.Reference }),
      CurrencyRate: 1,
      HasAccount: true,
      HasValidationErrors: false,
    })),
    ...(invoice.FullyPaidOnDate ? { FullyPaidOnDate: msDateOfDay(invoice.FullyPaidOnDate) } : {}),
    IsDiscounted: invoice.LineItems.some((line) => line.DiscountRate !== undefined),
    HasAttachments: false,
    HasErrors: false,
    UpdatedDateUTC: msDate(invoice.updatedAt),
  };
}

/** Unpaged lists leave the line items out, as Xero does (page through to get them). */
export function withoutLineItems(record: Record<string, unknown>): Record<string, unknown> {
  const { LineItems: _lines, ...rest } = record;
  return rest;
}
