import { Decimal } from '../../money/decimal';
import { Organisation } from '../../organisations/organisation';
import { InvoiceRecord } from '../../organisations/xero-records';

export interface InvoiceBalance {
  amountPaid: Decimal;
  amountDue: Decimal;
}

/** AmountPaid is the sum of the invoice's payments that are not deleted; AmountDue the rest. */
export function invoiceBalance(org: Organisation, invoice: InvoiceRecord): InvoiceBalance {
  const amountPaid = invoice.PaymentIDs.reduce((sum, id) => {
    const payment = org.payments.get(id);
    return payment && payment.Status === 'AUTHORISED' ? sum.add(Decimal.from(payment.Amount)) : sum;
  }, Decimal.ZERO.round(2));
  return { amountPaid, amountDue: Decimal.from(invoice.Total).sub(amountPaid) };
}

export function activePaymentCount(org: Organisation, invoice: InvoiceRecord): number {
  return invoice.PaymentIDs.filter((id) => org.payments.get(id)?.Status === 'AUTHORISED').length;
}
