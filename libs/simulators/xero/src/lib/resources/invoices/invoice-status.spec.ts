import { InvoiceStatus } from '../../organisations/xero-records';
import { statusChangeProblem } from './invoice-status';

describe('invoice status changes', () => {
  it.each<[InvoiceStatus, InvoiceStatus, boolean]>([
    ['DRAFT', 'SUBMITTED', false],
    ['DRAFT', 'AUTHORISED', false],
    ['SUBMITTED', 'AUTHORISED', false],
    ['DRAFT', 'DELETED', false],
    ['SUBMITTED', 'DELETED', false],
    ['AUTHORISED', 'VOIDED', false],
    ['PAID', 'PAID', true],
  ])('allows %s -> %s (payments: %s)', (from, to, paid) => {
    expect(statusChangeProblem(from, to, paid)).toBeUndefined();
  });

  it.each<[InvoiceStatus, InvoiceStatus, boolean, string]>([
    ['AUTHORISED', 'VOIDED', true, 'cannot be voided as it has a payment'],
    ['DRAFT', 'VOIDED', false, 'only AUTHORISED invoices can be voided'],
    ['AUTHORISED', 'DELETED', false, 'only DRAFT and SUBMITTED invoices can be deleted'],
    ['PAID', 'DELETED', true, 'only DRAFT and SUBMITTED invoices can be deleted'],
    ['AUTHORISED', 'PAID', false, 'apply a payment instead'],
    ['AUTHORISED', 'DRAFT', false, 'cannot go back to DRAFT'],
    ['SUBMITTED', 'DRAFT', false, 'cannot go back to DRAFT'],
    ['VOIDED', 'AUTHORISED', false, 'Invoice not of valid status for modification'],
    ['DELETED', 'DRAFT', false, 'Invoice not of valid status for modification'],
  ])('refuses %s -> %s (payments: %s)', (from, to, paid, message) => {
    expect(statusChangeProblem(from, to, paid)).toContain(message);
  });
});
