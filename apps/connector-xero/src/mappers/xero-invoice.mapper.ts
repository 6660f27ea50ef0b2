import type { EntityMapper, EntityRef } from '@concord/connector-kit';
import type { InboundInvoiceContent, InvoiceContent, InvoiceStatus } from '@concord/model';

import { fromXeroAmount, toXeroAmount } from '../xero/xero-amounts';
import { isoDayOfXeroDate, isoInstantOfXeroDate } from '../xero/xero-dates';
import { xeroLineDefaults } from '../xero/xero-settings';

/** Xero's invoice statuses. */
export type XeroInvoiceStatus =
  'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';

/** How line amounts relate to tax (Xero's `LineAmountTypes`). */
export type XeroLineAmountType = 'Exclusive' | 'Inclusive' | 'NoTax';

/** One line item as xero-node sends and reads it. */
export interface XeroLineItemPayload {
  lineItemID?: string;
  description: string;
  quantity: number;
  unitAmount: number;
  itemCode?: string;
  accountCode?: string;
  taxType?: string;
  lineAmount?: number;
  /** The Item of the line, as Xero reports it on reads (the adapter fills it from ItemCode). */
  item?: { itemID?: string; code?: string };
}

/** An ACCREC invoice as xero-node sends and reads it. */
export interface XeroInvoicePayload {
  invoiceID?: string;
  type: 'ACCREC';
  contact: { contactID: string };
  invoiceNumber: string;
  date: string;
  dueDate?: string;
  currencyCode: string;
  lineAmountTypes: XeroLineAmountType;
  status: XeroInvoiceStatus;
  lineItems: XeroLineItemPayload[];
  total?: number;
  updatedDateUTC?: unknown;
}

/** What the adapter writes: the invoice, and the catalog total Xero's must equal. */
export interface XeroInvoiceWrite {
  invoice: XeroInvoicePayload;
  /** The catalog's total in minor units (Xero's Total is compared with it after the write). */
  expectedTotal: number;
}

/**
 * The catalog has no tax: with the connection's tax type at `NONE` lines are `NoTax`; with a real
 * tax rate they are `Inclusive`, so Xero carves the tax out of each line and its Total still equals
 * the catalog's (with `Exclusive` Xero would add the tax on top).
 */
export function lineAmountTypeFor(taxType: string): XeroLineAmountType {
  return taxType === 'NONE' ? 'NoTax' : 'Inclusive';
}

/**
 * Catalog status -> Xero status. Xero has no "paid" or "uncollectible" to set: a paid invoice is
 * one with payments (not written by this slice), so both stay AUTHORISED.
 */
export function xeroStatusOf(status: InvoiceStatus): XeroInvoiceStatus {
  switch (status) {
    case 'draft':
      return 'DRAFT';
    case 'void':
      return 'VOIDED';
    default:
      return 'AUTHORISED';
  }
}

/** Xero status -> catalog status (DELETED is a deleted invoice, not a status). */
export function canonicalStatusOf(status: string | undefined): InvoiceStatus {
  switch (status) {
    case 'AUTHORISED':
      return 'open';
    case 'PAID':
      return 'paid';
    case 'VOIDED':
      return 'void';
    default:
      return 'draft';
  }
}

type InboundLine = NonNullable<InboundInvoiceContent['lines']>[number];

function lineOf(line: XeroLineItemPayload, currency: string): InboundLine {
  const quantity = Math.max(1, Math.round(Number(line.quantity ?? 1)));
  const unitAmount = fromXeroAmount(line.unitAmount ?? 0, currency);
  const amount =
    line.lineAmount === undefined
      ? quantity * unitAmount
      : fromXeroAmount(line.lineAmount, currency);
  return {
    externalId: line.lineItemID ?? null,
    productExternalId: line.item?.itemID ?? null,
    description: (line.description ?? '').slice(0, 500),
    quantity,
    unitAmount,
    amount,
  };
}

/**
 * Invoice <-> ACCREC Invoice with line items: the contact by its ContactID, lines on the
 * connection's account code and tax type (the product's Item by its code), amounts exact in the
 * currency's minor units, `/Date(ms)/` dates as calendar days. A DELETED invoice is a deleted one.
 */
export const xeroInvoiceMapper: EntityMapper<'invoice', XeroInvoiceWrite> = {
  toExternal(content: InvoiceContent, { links, connection }): XeroInvoiceWrite {
    const defaults = xeroLineDefaults(connection);
    const invoice: XeroInvoicePayload = {
      type: 'ACCREC',
      contact: { contactID: links.externalId('customer', content.customerId) ?? '' },
      invoiceNumber: content.number,
      date: content.issueDate,
      ...(content.dueDate ? { dueDate: content.dueDate } : {}),
      currencyCode: content.currency,
      lineAmountTypes: lineAmountTypeFor(defaults.taxType),
      status: xeroStatusOf(content.status),
      lineItems: content.lines.map((line) => {
        const itemCode = line.productId
          ? links.externalId('product', line.productId, 'code')
          : null;
        return {
          description: line.description,
          quantity: line.quantity,
          unitAmount: toXeroAmount(line.unitAmount, content.currency),
          ...(itemCode ? { itemCode } : {}),
          accountCode: defaults.accountCode,
          taxType: defaults.taxType,
        };
      }),
    };
    return { invoice, expectedTotal: content.total };
  },

  toCanonical(external) {
    const invoice = external as XeroInvoicePayload;
    const externalId = invoice.invoiceID ?? '';
    const changedAt = isoInstantOfXeroDate(invoice.updatedDateUTC);
    const status = String(invoice.status);
    if (status === 'DELETED') {
      return { externalId, deleted: true, content: {}, changedAt, externalVersion: changedAt };
    }
    const currency = String(invoice.currencyCode);
    const lines = (invoice.lineItems ?? []).map((line) => lineOf(line, currency));
    const sum = lines.reduce((total, line) => total + line.amount, 0);
    const content: InboundInvoiceContent = {
      status: canonicalStatusOf(status),
      currency,
      lines,
      subtotal: sum,
      total: sum,
      dueDate: isoDayOfXeroDate(invoice.dueDate),
    };
    const issueDate = isoDayOfXeroDate(invoice.date);
    if (issueDate) content.issueDate = issueDate;
    if (invoice.invoiceNumber) content.number = invoice.invoiceNumber.slice(0, 64);
    if (invoice.contact?.contactID) content.customerExternalId = invoice.contact.contactID;
    return { externalId, deleted: false, content, changedAt, externalVersion: changedAt };
  },

  dependencies(content: InvoiceContent): EntityRef[] {
    const products = [
      ...new Set(content.lines.flatMap((line) => (line.productId ? [line.productId] : []))),
    ];
    return [
      { entityType: 'customer', entityId: content.customerId },
      ...products.map((entityId) => ({ entityType: 'product' as const, entityId })),
    ];
  },
};
