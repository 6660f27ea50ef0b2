import { InvoiceStatus } from '../../organisations/xero-records';

/**
 * Which status changes Xero allows: drafts move forward or are deleted, authorised invoices are
 * voided (only without payments), paid ones go back to AUTHORISED only when a payment is removed.
 * Returns the refusal message, or undefined when the change is allowed.
 */
export function statusChangeProblem(
  from: InvoiceStatus,
  to: InvoiceStatus,
  hasPayments: boolean,
): string | undefined {
  if (from === to) return undefined;
  if (to === 'PAID')
    return 'An invoice becomes PAID when payments cover its total; apply a payment instead';
  if (from === 'DELETED' || from === 'VOIDED') {
    return 'Invoice not of valid status for modification';
  }
  if (to === 'DELETED') {
    return from === 'DRAFT' || from === 'SUBMITTED'
      ? undefined
      : `A ${from} invoice cannot be deleted; only DRAFT and SUBMITTED invoices can be deleted (void an AUTHORISED invoice instead)`;
  }
  if (to === 'VOIDED') {
    if (from !== 'AUTHORISED') {
      return `A ${from} invoice cannot be voided; only AUTHORISED invoices can be voided (delete a DRAFT or SUBMITTED invoice instead)`;
    }
    return hasPayments
      ? 'This document cannot be voided as it has a payment or credit note allocated to it.'
      : undefined;
  }
  if (from === 'AUTHORISED' || from === 'PAID') {
    return `An ${from} invoice cannot go back to ${to}`;
  }
  if (from === 'SUBMITTED' && to === 'DRAFT') return 'A SUBMITTED invoice cannot go back to DRAFT';
  return undefined;
}
