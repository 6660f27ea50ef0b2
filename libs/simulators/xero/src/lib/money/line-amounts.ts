import { Decimal } from './decimal';

export const LINE_AMOUNT_TYPES = ['Exclusive', 'Inclusive', 'NoTax'] as const;
export type LineAmountType = (typeof LINE_AMOUNT_TYPES)[number];

const HUNDRED = Decimal.from(100);

export interface LineInput {
  quantity: Decimal;
  unitAmount: Decimal;
  /** Percentage, e.g. 10 for 10 %. */
  discountRate?: Decimal;
  /** The tax type's rate in percent (20 for 20 % VAT). */
  taxRatePercent: Decimal;
}

export interface LineAmounts {
  lineAmount: Decimal;
  taxAmount: Decimal;
}

export interface InvoiceTotals {
  subTotal: Decimal;
  totalTax: Decimal;
  total: Decimal;
}

/**
 * One line as Xero computes it: LineAmount = Quantity × UnitAmount × (1 − DiscountRate/100)
 * rounded to 2 dp; the tax is added on top (Exclusive), carved out of it (Inclusive) or zero.
 * Each line's tax is rounded to 2 dp before the totals add up.
 */
export function computeLine(line: LineInput, type: LineAmountType): LineAmounts {
  let gross = line.quantity.mul(line.unitAmount);
  if (line.discountRate && !line.discountRate.isZero()) {
    gross = gross.mul(HUNDRED.sub(line.discountRate)).div(HUNDRED, gross.scale + 2);
  }
  const lineAmount = gross.round(2);
  if (type === 'NoTax' || line.taxRatePercent.isZero()) {
    return { lineAmount, taxAmount: Decimal.ZERO.round(2) };
  }
  const taxAmount =
    type === 'Exclusive'
      ? lineAmount.mul(line.taxRatePercent).div(HUNDRED, 2)
      : lineAmount.mul(line.taxRatePercent).div(HUNDRED.add(line.taxRatePercent), 2);
  return { lineAmount, taxAmount };
}

/** SubTotal excludes tax whatever the line amount type; Total = SubTotal + TotalTax. */
export function invoiceTotals(lines: LineAmounts[], type: LineAmountType): InvoiceTotals {
  const zero = Decimal.ZERO.round(2);
  const sumLines = lines.reduce((sum, line) => sum.add(line.lineAmount), zero);
  const totalTax = lines.reduce((sum, line) => sum.add(line.taxAmount), zero);
  const subTotal = type === 'Inclusive' ? sumLines.sub(totalTax) : sumLines;
  return { subTotal, totalTax, total: subTotal.add(totalTax) };
}
