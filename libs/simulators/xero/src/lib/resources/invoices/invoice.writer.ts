import { calendarDate } from '../../http/ms-date';
import { XeroRequestContext } from '../../http/xero-route';
import { LINE_AMOUNT_TYPES } from '../../money/line-amounts';
import { unitDp } from '../../money/unit-dp';
import { Organisation } from '../../organisations/organisation';
import {
  ContactRecord,
  InvoiceRecord,
  InvoiceStatus,
  InvoiceType,
} from '../../organisations/xero-records';
import { RecordWriter, WriteMode } from '../batch-write';
import { RecordInput } from '../record-input';
import { RecordValidationError } from '../record-validation.error';
import { renderInvoice } from './invoice.renderer';
import { activePaymentCount } from './invoice-amounts';
import { readLineItems, storedTotals } from './invoice-lines';
import { statusChangeProblem } from './invoice-status';

const TYPES: readonly InvoiceType[] = ['ACCREC', 'ACCPAY'];
const STATUSES: readonly InvoiceStatus[] = [
  'DRAFT',
  'SUBMITTED',
  'DELETED',
  'AUTHORISED',
  'PAID',
  'VOIDED',
];
export const BASE_CURRENCY = 'GBP';

/** Creates and updates invoices, recomputing their totals, under Xero's status rules. */
export class InvoiceWriter implements RecordWriter {
  readonly collection = 'Invoices';
  readonly errorFlag = 'HasErrors';

  write(
    raw: Record<string, unknown>,
    context: XeroRequestContext,
    mode: WriteMode,
  ): Record<string, unknown> {
    const { org } = context;
    const input = new RecordInput(raw);
    const existing = findExisting(org, input, mode);
    const status = input.oneOf('Status', STATUSES);
    const type = input.oneOf('Type', TYPES);
    const lineAmountTypes = input.oneOf('LineAmountTypes', LINE_AMOUNT_TYPES);
    const paid = existing ? activePaymentCount(org, existing) > 0 : false;
    if (existing) {
      const problem = statusChangeProblem(existing.Status, status ?? existing.Status, paid);
      if (problem) throw new RecordValidationError([problem]);
      if (paid && changesContent(raw)) {
        throw new RecordValidationError([
          'This document cannot be edited as it has a payment or credit note allocated to it.',
        ]);
      }
      if ((existing.Status === 'VOIDED' || existing.Status === 'DELETED') && changesContent(raw)) {
        throw new RecordValidationError(['Invoice not of valid status for modification']);
      }
      if (type && type !== existing.Type)
        input.fail('The Type of an existing invoice cannot be changed');
    } else {
      if (!type) input.fail('Invoice Type must be specified (ACCREC or ACCPAY)');
      if (status === 'PAID' || status === 'VOIDED' || status === 'DELETED') {
        input.fail(`An invoice cannot be created with status ${status}`);
      }
    }
    const contact = resolveContact(input, context, existing?.ContactID);
    const date =
      readDate(input, 'Date') ?? existing?.Date ?? new Date(context.now).toISOString().slice(0, 10);
    const dueDate = readDate(input, 'DueDate') ?? existing?.DueDate;
    const amountType = lineAmountTypes ?? existing?.LineAmountTypes ?? 'Exclusive';
    const rawLines = input.has('LineItems') ? input.raw['LineItems'] : undefined;
    if (rawLines !== undefined && !Array.isArray(rawLines))
      input.fail('LineItems must be an array');
    const { lines, totals } = Array.isArray(rawLines)
      ? readLineItems(input, rawLines, amountType, context, existing?.LineItems ?? [])
      : {
          lines: existing?.LineItems ?? [],
          totals: storedTotals(existing?.LineItems ?? [], amountType),
        };
    const finalStatus = status ?? existing?.Status ?? 'DRAFT';
    if (finalStatus === 'AUTHORISED' || finalStatus === 'SUBMITTED') {
      if (lines.length === 0)
        input.fail('An invoice must have at least one line item to be approved');
      if (lines.some((line) => line.AccountCode === undefined)) {
        input.fail('Account code must be specified on every line item of an approved invoice');
      }
    }
    if (totals.total.isNegative()) input.fail('The invoice total must not be negative');
    const invoiceNumber = input.string('InvoiceNumber', 255)?.trim() || existing?.InvoiceNumber;
    const currency =
      input.string('CurrencyCode', 3)?.toUpperCase() ??
      existing?.CurrencyCode ??
      contact?.DefaultCurrency ??
      BASE_CURRENCY;
    if (!/^[A-Z]{3}$/.test(currency)) input.fail(`The currency code '${currency}' is not valid`);
    const reference = input.string('Reference', 255);
    input.check();
    const invoice: InvoiceRecord = {
      InvoiceID: existing?.InvoiceID ?? context.ids.uuid(),
      Type: existing?.Type ?? (type as InvoiceType),
      ContactID: (contact as ContactRecord).ContactID,
      InvoiceNumber: invoiceNumber ?? '',
      ...((reference ?? existing?.Reference)
        ? { Reference: reference ?? existing?.Reference }
        : {}),
      Date: date,
      ...(dueDate ? { DueDate: dueDate } : {}),
      Status: finalStatus,
      LineAmountTypes: amountType,
      CurrencyCode: currency,
      LineItems: lines,
      SubTotal: totals.subTotal.toString(),
      TotalTax: totals.totalTax.toString(),
      Total: totals.total.toString(),
      PaymentIDs: existing?.PaymentIDs ?? [],
      ...(existing?.FullyPaidOnDate ? { FullyPaidOnDate: existing.FullyPaidOnDate } : {}),
      updatedAt: context.now,
    };
    if (invoice.Type === 'ACCREC' && invoice.InvoiceNumber && numberTaken(org, invoice)) {
      throw new RecordValidationError(['Invoice # must be unique.']);
    }
    if (!invoice.InvoiceNumber && invoice.Type === 'ACCREC')
      invoice.InvoiceNumber = org.nextInvoiceNumber();
    if (contact && invoice.Type === 'ACCREC' && !contact.IsCustomer) {
      org.contacts.set(contact.ContactID, { ...contact, IsCustomer: true });
    }
    org.invoices.set(invoice.InvoiceID, invoice);
    context.events.record(
      'INVOICE',
      existing ? 'UPDATE' : 'CREATE',
      invoice.InvoiceID,
      context.now,
    );
    return renderInvoice(org, invoice, unitDp(context.query));
  }
}

/** InvoiceID, else (POST) the ACCREC invoice with the same InvoiceNumber. */
function findExisting(
  org: Organisation,
  input: RecordInput,
  mode: WriteMode,
): InvoiceRecord | undefined {
  const id = input.string('InvoiceID');
  if (id !== undefined) {
    const found = org.invoices.get(id.toLowerCase());
    if (!found)
      throw new RecordValidationError([`The invoice with InvoiceID ${id} could not be found.`]);
    return found;
  }
  const number = input.string('InvoiceNumber');
  if (mode === 'create' || !number) return undefined;
  return [...org.invoices.values()].find(
    (invoice) => invoice.Type === 'ACCREC' && invoice.InvoiceNumber === number,
  );
}

/**
 * The invoice's contact: by ContactID, ContactNumber or Name; an unknown Name creates the contact
 * (as Xero does).
 */
function resolveContact(
  input: RecordInput,
  context: XeroRequestContext,
  currentId: string | undefined,
): ContactRecord | undefined {
  const { org } = context;
  const raw = input.object('Contact');
  if (!raw) {
    if (currentId) return org.contacts.get(currentId);
    input.fail('A Contact must be specified with this type of transaction');
    return undefined;
  }
  const contacts = [...org.contacts.values()];
  const id = typeof raw['ContactID'] === 'string' ? raw['ContactID'].toLowerCase() : undefined;
  const number = typeof raw['ContactNumber'] === 'string' ? raw['ContactNumber'] : undefined;
  const name = typeof raw['Name'] === 'string' ? raw['Name'].trim() : undefined;
  let contact: ContactRecord | undefined;
  if (id) contact = org.contacts.get(id);
  else if (number) contact = contacts.find((candidate) => candidate.ContactNumber === number);
  else if (name) {
    contact =
      contacts.find(
        (c) => c.ContactStatus === 'ACTIVE' && c.Name.toLowerCase() === name.toLowerCase(),
      ) ?? createContactByName(context, name);
  }
  if (!contact) {
    input.fail(
      id || number
        ? `The contact ${id ?? number} could not be found.`
        : 'A Contact must be specified with this type of transaction',
    );
    return undefined;
  }
  if (contact.ContactStatus === 'ARCHIVED' && contact.ContactID !== currentId) {
    input.fail(`The contact ${contact.Name} is archived and cannot be used on a new transaction.`);
  }
  return contact;
}

function createContactByName(context: XeroRequestContext, name: string): ContactRecord {
  const contact: ContactRecord = {
    ContactID: context.ids.uuid(),
    ContactStatus: 'ACTIVE',
    Name: name,
    Addresses: [],
    Phones: [],
    IsSupplier: false,
    IsCustomer: false,
    updatedAt: context.now,
  };
  context.org.contacts.set(contact.ContactID, contact);
  context.events.record('CONTACT', 'CREATE', contact.ContactID, context.now);
  return contact;
}

function readDate(input: RecordInput, field: string): string | undefined {
  const value = input.raw[field];
  if (value === undefined || value === null) return undefined;
  const date = calendarDate(value);
  if (!date) input.fail(`${field} '${String(value)}' is not a valid date`);
  return date;
}

function numberTaken(org: Organisation, invoice: InvoiceRecord): boolean {
  return [...org.invoices.values()].some(
    (other) =>
      other.InvoiceID !== invoice.InvoiceID &&
      other.Type === 'ACCREC' &&
      other.Status !== 'DELETED' &&
      other.InvoiceNumber === invoice.InvoiceNumber,
  );
}

/** Whether a request changes more than the status (ids and the status itself do not count). */
function changesContent(raw: Record<string, unknown>): boolean {
  return Object.keys(raw).some(
    (key) => !['InvoiceID', 'InvoiceNumber', 'Status', 'Type'].includes(key),
  );
}
