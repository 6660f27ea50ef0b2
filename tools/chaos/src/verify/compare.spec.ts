import type { OracleRecord } from '../workload/oracle';
import { compareWithOracle } from './compare';
import type { ObservedRecord } from './observed';

const customer = { name: 'Ada', email: 'cu1@chaos.example', phone: '+15551234567', tier: 'gold' };

function record(overrides: Partial<OracleRecord> = {}): OracleRecord {
  return {
    key: 'cu1',
    kind: 'customer',
    owner: 'catalog',
    catalogId: 'c-1',
    stripeId: null,
    expected: customer,
    deleted: false,
    writes: 2,
    lastWriteAt: 0,
    busy: false,
    ...overrides,
  };
}

function observed(id: string, linkedId: string | null, fields = customer): ObservedRecord {
  return { kind: 'customer', id, linkedId, deleted: false, fields: { ...fields } };
}

/** A catalog record linked to a Stripe customer. */
function linked(id: string, stripeId: string): ObservedRecord {
  return { ...observed(id, null), links: { stripe: stripeId } };
}

describe('compareWithOracle', () => {
  it('finds nothing wrong when both sides hold the last write', () => {
    const snapshot = { catalog: [observed('c-1', null)], stripe: [observed('cus_1', 'c-1')] };
    expect(compareWithOracle([record()], snapshot)).toEqual([]);
  });

  it('reports a field the sides disagree on as a mismatch and the stale side as a loss', () => {
    const stale = { ...customer, tier: 'bronze' };
    const snapshot = {
      catalog: [observed('c-1', null)],
      stripe: [observed('cus_1', 'c-1', stale)],
    };
    const problems = compareWithOracle([record()], snapshot);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'mismatch', record: 'cu1', field: 'tier' }),
      expect.objectContaining({ kind: 'loss', record: 'cu1', field: 'tier' }),
    ]);
  });

  it('accepts either contested value when both sides hold the same one, and nothing else', () => {
    const contested = record({ contested: { field: 'name', values: ['A', 'B'] } });
    const on = (name: string, stripeName = name) => ({
      catalog: [observed('c-1', null, { ...customer, name })],
      stripe: [observed('cus_1', 'c-1', { ...customer, name: stripeName })],
    });
    expect(compareWithOracle([contested], on('A'))).toEqual([]);
    expect(compareWithOracle([contested], on('B'))).toEqual([]);
    expect(compareWithOracle([contested], on('A', 'B')).map((p) => p.kind)).toEqual(['mismatch']);
    expect(compareWithOracle([contested], on('Ada')).map((p) => p.kind)).toEqual(['loss', 'loss']);
  });

  it('reports a record missing on one side as a loss', () => {
    const problems = compareWithOracle([record()], {
      catalog: [observed('c-1', null)],
      stripe: [],
    });
    expect(problems).toEqual([expect.objectContaining({ kind: 'loss', field: 'record' })]);
  });

  it('reports two Stripe objects for one record, and objects nobody wrote, as duplicates', () => {
    const snapshot = {
      catalog: [observed('c-1', null)],
      stripe: [observed('cus_1', 'c-1'), observed('cus_2', 'c-1'), observed('cus_3', null)],
    };
    const kinds = compareWithOracle([record()], snapshot).map((p) => `${p.kind} ${p.record}`);
    expect(kinds).toEqual(['duplicate cu1', 'duplicate stripe:cus_3']);
  });

  it('matches a Stripe-owned record through the catalog link, and catches an echoed copy', () => {
    const owned = record({ owner: 'stripe', catalogId: null, stripeId: 'cus_9' });
    const snapshot = {
      catalog: [linked('c-9', 'cus_9')],
      stripe: [observed('cus_9', null), observed('cus_echo', 'c-9')],
    };
    expect(compareWithOracle([owned], snapshot)).toEqual([
      expect.objectContaining({ kind: 'duplicate', record: 'cu1' }),
    ]);
  });

  it('expects a deleted customer gone from Stripe and deleted in the catalog', () => {
    const deleted = record({ deleted: true });
    const gone = { catalog: [{ ...observed('c-1', null), deleted: true }], stripe: [] };
    expect(compareWithOracle([deleted], gone)).toEqual([]);
    const alive = { catalog: [observed('c-1', null)], stripe: [observed('cus_1', 'c-1')] };
    expect(compareWithOracle([deleted], alive).map((p) => p.kind)).toEqual(['loss', 'loss']);
  });

  it('accepts an archived product in Stripe for a deleted catalog product', () => {
    const product = record({ kind: 'product', deleted: true });
    const archived: ObservedRecord = {
      kind: 'product',
      id: 'prod_1',
      linkedId: 'c-1',
      deleted: false,
      fields: { active: false },
      activePrices: 1,
    };
    const snapshot = {
      catalog: [{ ...observed('c-1', null), kind: 'product' as const, deleted: true }],
      stripe: [archived],
    };
    expect(compareWithOracle([product], snapshot)).toEqual([]);
    const live = { ...archived, fields: { active: true } };
    expect(compareWithOracle([product], { ...snapshot, stripe: [live] })).toHaveLength(1);
  });

  it('counts a second Stripe object that was later deleted as a duplicate', () => {
    const snapshot = {
      catalog: [observed('c-1', null)],
      stripe: [{ ...observed('cus_old', 'c-1'), deleted: true }, observed('cus_1', 'c-1')],
    };
    // The live twin is compared field by field; the deleted copy is still a duplicate.
    expect(compareWithOracle([record()], snapshot)).toEqual([
      expect.objectContaining({
        kind: 'duplicate',
        record: 'cu1',
        detail: '2 Stripe objects: cus_1, cus_old',
      }),
    ]);
  });

  it('counts a second catalog record that was later deleted as a duplicate', () => {
    const owned = record({ owner: 'stripe', catalogId: null, stripeId: 'cus_9' });
    const snapshot = {
      catalog: [{ ...linked('c-dup', 'cus_9'), deleted: true }, linked('c-9', 'cus_9')],
      stripe: [observed('cus_9', null)],
    };
    expect(compareWithOracle([owned], snapshot)).toEqual([
      expect.objectContaining({ kind: 'duplicate', detail: '2 catalog records: c-9, c-dup' }),
    ]);
  });

  it('reports a deleted object that no write made, on either side', () => {
    const snapshot = {
      catalog: [observed('c-1', null), { ...linked('c-stray', 'cus_x'), deleted: true }],
      stripe: [observed('cus_1', 'c-1'), { ...observed('cus_stray', null), deleted: true }],
    };
    expect(compareWithOracle([record()], snapshot)).toEqual([
      expect.objectContaining({
        kind: 'duplicate',
        record: 'catalog:c-stray',
        detail: expect.stringContaining('a deleted customer in catalog'),
      }),
      expect.objectContaining({
        kind: 'duplicate',
        record: 'stripe:cus_stray',
        detail: expect.stringContaining('a deleted customer in stripe'),
      }),
    ]);
  });

  it('compares an invoice field by field and finds its Stripe twin by concord_id', () => {
    const expected = {
      number: 'INV-1',
      status: 'open',
      dueDate: '2027-01-02',
      quantity: 2,
      total: 500,
    };
    const invoice = record({
      key: 'in1',
      kind: 'invoice',
      catalogId: 'i-1',
      expected: { ...expected, status: 'open' as const },
    });
    const side = (id: string, linkedId: string | null, fields: object): ObservedRecord => ({
      kind: 'invoice',
      id,
      linkedId,
      deleted: false,
      fields: { ...expected, ...fields },
    });
    const snapshot = {
      catalog: [side('i-1', null, {})],
      stripe: [side('in_1', 'i-1', { status: 'draft' })],
    };
    expect(compareWithOracle([invoice], snapshot)).toEqual([
      expect.objectContaining({ kind: 'mismatch', record: 'in1', field: 'status' }),
      expect.objectContaining({ kind: 'loss', record: 'in1', field: 'status' }),
    ]);
    snapshot.stripe = [side('in_1', 'i-1', {})];
    expect(compareWithOracle([invoice], snapshot)).toEqual([]);
  });

  it('ignores records whose creation never completed', () => {
    expect(compareWithOracle([record({ writes: 0 })], { catalog: [], stripe: [] })).toEqual([]);
  });
});
