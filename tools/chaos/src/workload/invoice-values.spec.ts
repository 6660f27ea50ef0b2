import { SeededRandom } from '../seeded-random';
import { changedInvoice, invoiceBody, newInvoice, unitAmountFor } from './invoice-values';
import { Oracle, type OracleRecord } from './oracle';

const refs = { customerId: 'c-1', productId: 'p-1', unitAmount: 1234 };

describe('invoice values', () => {
  it('makes a draft whose total is quantity x unit amount, numbered after its key', () => {
    const invoice = newInvoice(new SeededRandom(1), 'in4', 's7', refs.unitAmount);
    expect(invoice).toEqual({
      number: 'INV-S7-IN4',
      status: 'draft',
      dueDate: expect.stringMatching(/^2027-01-\d\d$/),
      quantity: expect.any(Number),
      total: invoice.quantity * 1234,
    });
  });

  it('bills by amount: a unit amount is never a whole-dollar product price', () => {
    const random = new SeededRandom(3);
    for (let i = 0; i < 200; i += 1) expect(unitAmountFor(random) % 100).not.toBe(0);
  });

  it('changes exactly one thing per write, and keeps the total consistent', () => {
    const random = new SeededRandom(11);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i += 1) {
      const current = newInvoice(random, 'in1', 's1', refs.unitAmount);
      const next = changedInvoice(random, current, refs.unitAmount);
      const changed = (['status', 'dueDate', 'quantity'] as const).filter(
        (field) => next[field] !== current[field],
      );
      expect(changed).toHaveLength(1);
      seen.add(changed[0]);
      expect(next.total).toBe(next.quantity * refs.unitAmount);
    }
    expect([...seen].sort()).toEqual(['dueDate', 'quantity', 'status']);
  });

  it('sends everything on create and only the change on update', () => {
    const draft = newInvoice(new SeededRandom(5), 'in2', 's1', refs.unitAmount);
    expect(invoiceBody(draft, refs)).toEqual({
      customerId: 'c-1',
      number: draft.number,
      currency: 'USD',
      issueDate: '2026-12-01',
      dueDate: draft.dueDate,
      lines: [
        {
          productId: 'p-1',
          description: `${draft.number} line`,
          quantity: draft.quantity,
          unitAmount: 1234,
        },
      ],
    });
    expect(invoiceBody({ ...draft, status: 'open' }, refs, draft)).toEqual({ status: 'open' });
    expect(invoiceBody({ ...draft, dueDate: '2027-02-01' }, refs, draft)).toEqual({
      dueDate: '2027-02-01',
    });
    const more = { ...draft, quantity: draft.quantity + 1 };
    expect(invoiceBody(more, refs, draft)).toEqual({
      lines: [expect.objectContaining({ quantity: draft.quantity + 1, unitAmount: 1234 })],
    });
  });

  it('offers drafts for writing, never an invoice once it is open', () => {
    const oracle = new Oracle();
    const base = newInvoice(new SeededRandom(2), 'in1', 's1', 100);
    const invoice = (key: string, status: 'draft' | 'open'): OracleRecord => ({
      key,
      kind: 'invoice',
      owner: 'catalog',
      catalogId: key,
      stripeId: null,
      expected: { ...base, status },
      deleted: false,
      writes: 1,
      lastWriteAt: 0,
      busy: false,
      refs,
    });
    oracle.add(invoice('in1', 'draft'));
    oracle.add(invoice('in2', 'open'));
    expect(oracle.writable('invoice', 10_000, 2500).map((r) => r.key)).toEqual(['in1']);
    expect(oracle.nextKey('invoice')).toBe('in1');
  });
});
