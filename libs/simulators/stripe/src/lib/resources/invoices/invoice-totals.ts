import { InvoiceItemObject } from '../stripe-objects';

export interface InvoiceTotals {
  subtotal: number;
  total: number;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
}

/**
 * Totals from the lines, in integer minor units (no scaling, so zero-decimal currencies work
 * unchanged). Without taxes, discounts or balances: total = subtotal, and a negative total (a
 * credit) leaves nothing due.
 */
export function computeInvoiceTotals(items: InvoiceItemObject[], paid: boolean): InvoiceTotals {
  const subtotal = items.reduce((sum, item) => sum + item.amount, 0);
  const amountDue = Math.max(0, subtotal);
  const amountPaid = paid ? amountDue : 0;
  return {
    subtotal,
    total: subtotal,
    amount_due: amountDue,
    amount_paid: amountPaid,
    amount_remaining: amountDue - amountPaid,
  };
}
