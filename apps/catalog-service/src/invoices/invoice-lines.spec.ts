import type { FieldError } from '@concord/errors';

import { priceInvoiceLines } from './invoice-lines';

const invoice = { id: 'inv-1', tenantId: 't1' };
const existing = '3b0f7a8e-0c1d-4e5f-9a6b-7c8d9e0f1a2b';

describe('priceInvoiceLines', () => {
  it('computes amounts and totals, keeps known ids and numbers positions', () => {
    const errors: FieldError[] = [];
    const priced = priceInvoiceLines(
      invoice,
      [
        {
          id: existing.toUpperCase(),
          productId: null,
          description: 'a',
          quantity: 3,
          unitAmount: 333,
        },
        { description: 'b', quantity: 1, unitAmount: -100 },
      ],
      new Set([existing]),
      errors,
    );
    expect(errors).toEqual([]);
    expect(priced.subtotal).toBe(899);
    expect(priced.total).toBe(899);
    expect(priced.lines.map((l) => [l.id === existing, l.amount, l.position])).toEqual([
      [true, 999, 0],
      [false, -100, 1],
    ]);
    expect(priced.lines[1].id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports ids that are not lines of this invoice, or repeated', () => {
    const errors: FieldError[] = [];
    priceInvoiceLines(
      invoice,
      [
        { id: existing, description: 'a', quantity: 1, unitAmount: 1 },
        { id: existing, description: 'b', quantity: 1, unitAmount: 1 },
        {
          id: '00000000-0000-4000-8000-000000000000',
          description: 'c',
          quantity: 1,
          unitAmount: 1,
        },
      ],
      new Set([existing]),
      errors,
    );
    expect(errors.map((e) => e.field)).toEqual(['lines.1.id', 'lines.2.id']);
  });

  it('refuses totals beyond the exact integer range', () => {
    expect(() =>
      priceInvoiceLines(
        invoice,
        [{ description: 'big', quantity: 3, unitAmount: Number.MAX_SAFE_INTEGER }],
        new Set(),
        [],
      ),
    ).toThrow(/lines\.0\.amount/);
  });
});
