import { ValidationError, ValidationErrorCode } from '@concord/errors';

import type { SchemaIssue } from '../validation/schema-issues';

interface PricedLine {
  quantity: number;
  unitAmount: number;
}

export interface InvoiceTotals<L extends PricedLine> {
  lines: Array<L & { amount: number }>;
  subtotal: number;
  total: number;
}

function safe(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_INPUT,
      `${what} exceeds the exact range`,
      [{ field: what, message: 'exceeds the exact integer range' }],
    );
  }
  return value;
}

/**
 * Computes each line's amount (quantity x unitAmount), the subtotal and the total, all in integer
 * minor units. The model itemises no tax or discount, so total equals subtotal.
 */
export function invoiceTotals<L extends PricedLine>(lines: readonly L[]): InvoiceTotals<L> {
  const priced = lines.map((line, index) => ({
    ...line,
    amount: safe(line.quantity * line.unitAmount, `lines.${index}.amount`),
  }));
  const subtotal = safe(
    priced.reduce((sum, line) => sum + line.amount, 0),
    'subtotal',
  );
  return { lines: priced, subtotal, total: subtotal };
}

interface TotalledInvoice {
  lines: ReadonlyArray<PricedLine & { amount: number }>;
  subtotal: number;
  total: number;
}

/** Where an invoice's amounts disagree with its lines (used as a schema refinement). */
export function invoiceTotalsIssues(invoice: TotalledInvoice): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  let subtotal = 0;
  invoice.lines.forEach((line, index) => {
    subtotal += line.amount;
    if (line.amount !== line.quantity * line.unitAmount) {
      issues.push({
        path: `lines.${index}.amount`,
        message: `Expected quantity x unitAmount = ${line.quantity * line.unitAmount}`,
      });
    }
  });
  if (invoice.subtotal !== subtotal) {
    issues.push({ path: 'subtotal', message: `Expected the sum of line amounts = ${subtotal}` });
  }
  if (invoice.total !== invoice.subtotal) {
    issues.push({ path: 'total', message: 'Expected total to equal subtotal' });
  }
  return issues;
}
