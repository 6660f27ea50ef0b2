import { invoiceActions } from './stripe-invoice-status';

describe('invoiceActions', () => {
  it('finalizes a draft before paying, voiding or marking it uncollectible', () => {
    expect(invoiceActions('draft', 'draft')).toEqual([]);
    expect(invoiceActions('draft', 'open')).toEqual(['finalize']);
    expect(invoiceActions('draft', 'paid')).toEqual(['finalize', 'pay']);
    expect(invoiceActions('draft', 'void')).toEqual(['finalize', 'void']);
    expect(invoiceActions('draft', 'uncollectible')).toEqual(['finalize', 'mark-uncollectible']);
  });

  it('moves finalized invoices only the ways Stripe allows', () => {
    expect(invoiceActions('open', 'paid')).toEqual(['pay']);
    expect(invoiceActions('uncollectible', 'paid')).toEqual(['pay']);
    expect(invoiceActions('uncollectible', 'void')).toEqual(['void']);
    expect(invoiceActions('open', 'draft')).toEqual([]);
    expect(invoiceActions('paid', 'void')).toEqual([]);
    expect(invoiceActions('void', 'open')).toEqual([]);
  });
});
