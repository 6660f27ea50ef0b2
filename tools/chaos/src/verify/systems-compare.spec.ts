import type { OracleRecord } from '../workload/oracle';
import { compareWithOracle } from './compare';
import type { ObservedRecord } from './observed';
import { salesforceProductFields } from './readers/salesforce-reader';
import { xeroContactFields, xeroInvoiceFields, xeroItemFields } from './readers/xero-reader';

const customer = { name: 'Ada', email: 'cu1@chaos.example', phone: '+15551234567', tier: 'gold' };
const product = {
  name: 'Widget pr2',
  description: 'd',
  active: true,
  sku: 'SKU-PR2',
  amount: 1200,
};

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

function seen(id: string, fields: object, more: Partial<ObservedRecord> = {}): ObservedRecord {
  return { kind: 'customer', id, linkedId: null, deleted: false, fields: { ...fields }, ...more };
}

describe('compareWithOracle across systems', () => {
  it('compares each system on the fields it holds (Salesforce Accounts have no email or tier)', () => {
    const snapshot = {
      catalog: [seen('c-1', customer)],
      stripe: [seen('cus_1', customer, { linkedId: 'c-1' })],
      salesforce: [seen('001A', { name: 'Ada', phone: '+15551234567' }, { linkedId: 'c-1' })],
      xero: [
        seen(
          'x-1',
          { name: 'Ada', email: customer.email, phone: customer.phone },
          { linkedId: 'c-1' },
        ),
      ],
    };
    expect(compareWithOracle([record()], snapshot)).toEqual([]);
  });

  it('reports a system that lost a write, tagged with the system', () => {
    const snapshot = {
      catalog: [seen('c-1', customer)],
      salesforce: [seen('001A', { name: 'Old', phone: customer.phone }, { linkedId: 'c-1' })],
    };
    expect(compareWithOracle([record()], snapshot)).toEqual([
      expect.objectContaining({ kind: 'mismatch', field: 'name', system: 'salesforce' }),
      expect.objectContaining({ kind: 'loss', field: 'name', system: 'salesforce' }),
    ]);
  });

  it('matches a copy that carries no catalog id by the catalog link (Xero items)', () => {
    const item = { ...seen('item-1', product), kind: 'product' as const };
    const catalog = {
      ...seen('p-2', product),
      kind: 'product' as const,
      links: { xero: 'item-1' },
    };
    const stray = { ...seen('item-2', product), kind: 'product' as const };
    const problems = compareWithOracle(
      [record({ key: 'pr2', kind: 'product', catalogId: 'p-2', expected: product })],
      { catalog: [catalog], xero: [item, stray] },
    );
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'duplicate', record: 'xero:item-2', system: 'xero' }),
    ]);
  });

  it('finds a deleted record still live in Salesforce, and a missing Xero contact', () => {
    const deleted = compareWithOracle([record({ deleted: true })], {
      catalog: [seen('c-1', customer, { deleted: true })],
      salesforce: [seen('001A', customer, { linkedId: 'c-1' })],
      xero: [seen('x-1', customer, { linkedId: 'c-1', deleted: true })],
    });
    expect(deleted).toEqual([
      expect.objectContaining({ kind: 'loss', field: 'deleted', system: 'salesforce' }),
    ]);
    const missing = compareWithOracle([record()], { catalog: [seen('c-1', customer)], xero: [] });
    expect(missing).toEqual([
      expect.objectContaining({ kind: 'loss', field: 'record', system: 'xero' }),
    ]);
  });

  it('leaves kinds a system does not sync out (no invoices in Salesforce)', () => {
    const invoice = {
      number: 'INV-1',
      status: 'draft',
      dueDate: '2026-12-31',
      quantity: 2,
      total: 500,
    };
    const problems = compareWithOracle(
      [record({ key: 'in3', kind: 'invoice', catalogId: 'i-3', expected: invoice as never })],
      { catalog: [{ ...seen('i-3', invoice), kind: 'invoice' }], salesforce: [] },
    );
    expect(problems).toEqual([]);
  });
});

describe('system field views', () => {
  it('reads Salesforce prices from the active standard entry, in cents', () => {
    const row = { Name: 'W', Description: null, IsActive: true, ProductCode: 'SKU' };
    expect(salesforceProductFields(row, { IsActive: true, UnitPrice: 12.5 })).toEqual({
      name: 'W',
      description: null,
      active: true,
      sku: 'SKU',
      amount: 1250,
    });
    expect(salesforceProductFields(row, { IsActive: false, UnitPrice: 12.5 })['amount']).toBeNull();
  });

  it('reads Xero contacts, items and invoices as the workload fields', () => {
    expect(
      xeroContactFields({
        Name: 'Ada',
        EmailAddress: '',
        Phones: [
          { PhoneType: 'MOBILE', PhoneNumber: '1' },
          { PhoneType: 'DEFAULT', PhoneNumber: '+1' },
        ],
      }),
    ).toEqual({ name: 'Ada', email: null, phone: '+1' });
    expect(
      xeroItemFields({ Name: 'W', Code: 'SKU', IsSold: false, SalesDetails: { UnitPrice: 3.1 } }),
    ).toEqual({ name: 'W', description: null, active: false, sku: 'SKU', amount: 310 });
    expect(
      xeroInvoiceFields({
        InvoiceNumber: 'INV-1',
        Status: 'AUTHORISED',
        DueDate: '/Date(1798675200000+0000)/',
        LineItems: [{ Quantity: 3 }],
        Total: 45.07,
      }),
    ).toEqual({ number: 'INV-1', status: 'open', dueDate: '2026-12-31', quantity: 3, total: 4507 });
  });
});
