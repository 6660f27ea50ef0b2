import { isRecord } from '@concord/simulators/core';

import { XeroRequestContext } from '../../http/xero-route';
import { Decimal } from '../../money/decimal';
import {
  computeLine,
  InvoiceTotals,
  invoiceTotals,
  LineAmountType,
} from '../../money/line-amounts';
import { DEFAULT_SALES_TAX_TYPE, TAX_RATES } from '../../organisations/organisation';
import { LineItemRecord } from '../../organisations/xero-records';
import { RecordInput } from '../record-input';

/**
 * Reads an invoice's `LineItems` (defaults from the item named by `ItemCode`), computes each
 * line's amount and tax exactly, and the invoice totals. Problems go to `invoice.errors`.
 */
export function readLineItems(
  invoice: RecordInput,
  rawLines: unknown[],
  type: LineAmountType,
  context: XeroRequestContext,
  previous: LineItemRecord[],
): { lines: LineItemRecord[]; totals: InvoiceTotals } {
  const lines: LineItemRecord[] = [];
  rawLines.forEach((raw, index) => {
    const at = `Line item ${index + 1}`;
    if (!isRecord(raw)) {
      invoice.fail(`${at} must be an object`);
      return;
    }
    const line = new RecordInput(raw);
    const itemCode = line.string('ItemCode', 30);
    const item =
      itemCode === undefined
        ? undefined
        : [...context.org.items.values()].find(
            (candidate) => candidate.Code.toLowerCase() === itemCode.toLowerCase(),
          );
    if (itemCode !== undefined && !item) line.fail(`Item code '${itemCode}' is not valid`);
    const description = line.string('Description', 4000) ?? item?.Description ?? item?.Name;
    const quantity = line.decimal('Quantity', 4) ?? Decimal.from(1);
    const unitAmount =
      line.decimal('UnitAmount', 4) ??
      (item?.SalesDetails?.UnitPrice ? Decimal.from(item.SalesDetails.UnitPrice) : Decimal.ZERO);
    const discountRate = line.decimal('DiscountRate', 2);
    const accountCode = line.string('AccountCode', 10) ?? item?.SalesDetails?.AccountCode;
    const taxType =
      type === 'NoTax'
        ? 'NONE'
        : (line.string('TaxType', 50) ?? item?.SalesDetails?.TaxType ?? DEFAULT_SALES_TAX_TYPE);
    if (description === undefined && itemCode === undefined) {
      line.fail('Description must be specified for a line item without an ItemCode');
    }
    if (accountCode !== undefined && !context.org.account(accountCode, undefined)) {
      line.fail(`Account code '${accountCode}' is not a valid code for this document.`);
    }
    const rate = TAX_RATES[taxType];
    if (rate === undefined) {
      line.fail(
        `The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`,
      );
    }
    if (
      discountRate &&
      (discountRate.isNegative() || discountRate.compare(Decimal.from(100)) > 0)
    ) {
      line.fail('DiscountRate must be between 0 and 100');
    }
    const givenLineAmount = line.decimal('LineAmount', 2);
    invoice.errors.push(...line.errors.map((message) => `${at}: ${message}`));
    if (line.errors.length > 0) return;
    const computed = computeLine(
      {
        quantity,
        unitAmount,
        taxRatePercent: Decimal.from(rate),
        ...(discountRate ? { discountRate } : {}),
      },
      type,
    );
    if (givenLineAmount && givenLineAmount.compare(computed.lineAmount) !== 0) {
      invoice.fail(
        `${at}: The line total ${givenLineAmount.round(2).toString()} does not match the expected line total ${computed.lineAmount.toString()}`,
      );
      return;
    }
    const lineItemId =
      typeof raw['LineItemID'] === 'string' ? raw['LineItemID'].toLowerCase() : undefined;
    lines.push({
      LineItemID:
        previous.find((old) => old.LineItemID === lineItemId)?.LineItemID ?? context.ids.uuid(),
      ...(description === undefined ? {} : { Description: description }),
      Quantity: quantity.toString(),
      UnitAmount: unitAmount.toString(),
      ...(discountRate ? { DiscountRate: discountRate.toString() } : {}),
      ...(item ? { ItemCode: item.Code } : {}),
      ...(accountCode === undefined ? {} : { AccountCode: accountCode }),
      TaxType: taxType,
      TaxAmount: computed.taxAmount.toString(),
      LineAmount: computed.lineAmount.toString(),
    });
  });
  const totals = invoiceTotals(
    lines.map((line) => ({
      lineAmount: Decimal.from(line.LineAmount),
      taxAmount: Decimal.from(line.TaxAmount),
    })),
    type,
  );
  return { lines, totals };
}

/** Totals of lines already stored (when only the line amount type or nothing changed). */
export function storedTotals(lines: LineItemRecord[], type: LineAmountType): InvoiceTotals {
  return invoiceTotals(
    lines.map((line) => ({
      lineAmount: Decimal.from(line.LineAmount),
      taxAmount: Decimal.from(line.TaxAmount),
    })),
    type,
  );
}
