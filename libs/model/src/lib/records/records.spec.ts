import {
  CONNECTION_ID,
  exampleCustomer,
  exampleInvoice,
  exampleProduct,
} from '../../../test/model-examples';
import { validate } from '../validation/schema-validation';
import { canonicalJson, contentHash } from './content-hash';
import { Customer, CustomerContent } from './customer.schema';
import { contentOf } from './entity-schemas';
import { Invoice, InvoiceContent } from './invoice.schema';
import { invoiceTotals } from './invoice-totals';
import { Product } from './product.schema';

function issuePaths(result: ReturnType<typeof validate>): string[] {
  return result.ok ? [] : result.errors.map((issue) => issue.path);
}

describe('record schemas', () => {
  it('accept valid records', () => {
    expect(validate(Customer, exampleCustomer())).toEqual({ ok: true, value: exampleCustomer() });
    expect(validate(Product, exampleProduct()).ok).toBe(true);
    expect(validate(Invoice, exampleInvoice()).ok).toBe(true);
  });

  it('name each invalid customer field', () => {
    const customer = {
      ...exampleCustomer(),
      name: '',
      email: 'not-an-email',
      phone: 'x'.repeat(41),
      currency: 'gbp',
      address: { line1: 'x', country: 'GBR' },
    };
    expect(issuePaths(validate(Customer, customer)).sort()).toEqual(
      ['address.country', 'currency', 'email', 'name', 'phone'].sort(),
    );
  });

  it('report a missing field once and an unknown field by name', () => {
    const { email: _email, ...withoutEmail } = exampleCustomer();
    const result = validate(Customer, { ...withoutEmail, emial: 'ada@example.com' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'email', message: 'Required property is missing' },
        { path: 'emial', message: 'Unexpected property' },
      ],
    });
  });

  it('bound metadata keys, values and count', () => {
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(issuePaths(validate(Customer, { ...exampleCustomer(), metadata: tooMany }))).toEqual([
      'metadata',
    ]);
    expect(
      issuePaths(validate(Customer, { ...exampleCustomer(), metadata: { ['k'.repeat(41)]: 'v' } })),
    ).toEqual([`metadata.${'k'.repeat(41)}`]);
    expect(
      issuePaths(validate(Customer, { ...exampleCustomer(), metadata: { k: 'v'.repeat(501) } })),
    ).toEqual(['metadata.k']);
  });

  it('reject an invalid product price and a negative version', () => {
    const product = {
      ...exampleProduct(),
      version: 0,
      unitPrice: { amount: 19.99, currency: 'GBP' },
    };
    expect(issuePaths(validate(Product, product)).sort()).toEqual(['unitPrice.amount', 'version']);
  });

  it('reject invoice lines whose amounts do not add up', () => {
    const invoice = exampleInvoice();
    invoice.lines[1].amount = 501;
    expect(issuePaths(validate(Invoice, invoice))).toEqual(['lines.1.amount', 'subtotal']);
    expect(issuePaths(validate(Invoice, { ...exampleInvoice(), total: 1 }))).toEqual(['total']);
  });

  it('reject an unknown invoice status and impossible dates', () => {
    const result = validate(Invoice, {
      ...exampleInvoice(),
      status: 'sent',
      dueDate: '2025-02-30',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        {
          path: 'status',
          message: 'Expected one of "draft", "open", "paid", "void", "uncollectible"',
        },
        { path: 'dueDate', message: "Expected string to match 'date' format" },
      ]);
    }
  });

  it('take the content of a record without its bookkeeping fields', () => {
    const content = contentOf('customer', exampleCustomer());
    expect(Object.keys(content).sort()).toEqual(
      ['address', 'currency', 'email', 'metadata', 'name', 'phone'].sort(),
    );
    expect(validate(CustomerContent, content).ok).toBe(true);
    expect(validate(InvoiceContent, contentOf('invoice', exampleInvoice())).ok).toBe(true);
  });
});

describe('invoiceTotals', () => {
  it('computes line amounts, subtotal and total in minor units', () => {
    const totals = invoiceTotals([
      { quantity: 3, unitAmount: 333 },
      { quantity: 1, unitAmount: -100 },
    ]);
    expect(totals).toEqual({
      lines: [
        { quantity: 3, unitAmount: 333, amount: 999 },
        { quantity: 1, unitAmount: -100, amount: -100 },
      ],
      subtotal: 899,
      total: 899,
    });
    expect(invoiceTotals([])).toEqual({ lines: [], subtotal: 0, total: 0 });
  });

  it('refuses totals beyond the exact integer range', () => {
    expect(() => invoiceTotals([{ quantity: 2, unitAmount: Number.MAX_SAFE_INTEGER }])).toThrow(
      /lines\.0\.amount exceeds/,
    );
  });
});

describe('contentHash', () => {
  const content = contentOf('customer', exampleCustomer());
  const address = {
    line1: '12 Analytical Row',
    city: 'London',
    postalCode: 'N1 9GU',
    country: 'GB',
  };

  it('does not depend on key order, nested or top level', () => {
    const reordered: CustomerContent = {
      metadata: { segment: 'enterprise' },
      currency: 'GBP',
      address: { country: 'GB', postalCode: 'N1 9GU', city: 'London', line1: '12 Analytical Row' },
      phone: '+44 20 7946 0000',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
    };
    expect(contentHash('customer', reordered)).toBe(contentHash('customer', content));
  });

  it('ignores undefined properties', () => {
    const withUndefined = { ...content, address: { ...address, line2: undefined } };
    expect(contentHash('customer', withUndefined)).toBe(contentHash('customer', content));
  });

  it('changes with any real change', () => {
    const base = contentHash('customer', content);
    expect(contentHash('customer', { ...content, phone: null })).not.toBe(base);
    expect(contentHash('customer', { ...content, metadata: { segment: 'smb' } })).not.toBe(base);
    expect(
      contentHash('customer', { ...content, address: { ...address, country: 'IE' } }),
    ).not.toBe(base);
    const invoice = contentOf('invoice', exampleInvoice());
    const reorderedLines = { ...invoice, lines: [...invoice.lines].reverse() };
    expect(contentHash('invoice', reorderedLines)).not.toBe(contentHash('invoice', invoice));
  });

  it('is a sha-256 hex digest that differs by entity type', () => {
    expect(contentHash('customer', content)).toMatch(/^[0-9a-f]{64}$/);
    const product = contentOf('product', exampleProduct());
    const sameJson = JSON.parse(canonicalJson(product)) as CustomerContent;
    expect(contentHash('customer', sameJson)).not.toBe(contentHash('product', product));
  });

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, undefined], c: CONNECTION_ID }, e: undefined })).toBe(
      `{"a":{"c":"${CONNECTION_ID}","d":[3,null]},"b":1}`,
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite number at \(root\)\.n/);
  });
});
