import type Stripe from 'stripe';

import { catalogFields, stripeInvoiceFields } from './field-views';

describe('invoice field views', () => {
  it('reads the same fields from a catalog invoice and its Stripe twin', () => {
    const catalog = catalogFields('invoice', {
      id: 'i-1',
      deletedAt: null,
      number: 'INV-S1-IN3',
      status: 'open',
      dueDate: '2027-01-09',
      total: 3702,
      lines: [{ quantity: 3 }],
    });
    const stripe = stripeInvoiceFields({
      id: 'in_1',
      status: 'open',
      due_date: Date.UTC(2027, 0, 9, 12) / 1000,
      total: 3702,
      metadata: { concord_number: 'INV-S1-IN3', concord_id: 'i-1' },
      lines: { data: [{ quantity: 3 }] },
    } as unknown as Stripe.Invoice);
    expect(catalog).toEqual({
      number: 'INV-S1-IN3',
      status: 'open',
      dueDate: '2027-01-09',
      quantity: 3,
      total: 3702,
    });
    expect(stripe).toEqual(catalog);
  });

  it('shows a Stripe invoice without the catalog number or lines as missing them', () => {
    const stripe = stripeInvoiceFields({
      id: 'in_2',
      status: 'draft',
      due_date: null,
      total: 0,
      metadata: {},
      lines: { data: [] },
    } as unknown as Stripe.Invoice);
    expect(stripe).toEqual({
      number: null,
      status: 'draft',
      dueDate: null,
      quantity: null,
      total: 0,
    });
  });
});
