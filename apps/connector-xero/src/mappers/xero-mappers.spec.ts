import type { CustomerContent, InvoiceContent, ProductContent } from '@concord/model';

import { TestLinks, xeroConnection } from '../../test/xero-test-connection';
import { fromXeroAmount, toXeroAmount } from '../xero/xero-amounts';
import { fromXeroDate, isoDayOfXeroDate, toXeroMsDate } from '../xero/xero-dates';
import { xeroContactMapper } from './xero-contact.mapper';
import { lineAmountTypeFor, xeroInvoiceMapper } from './xero-invoice.mapper';
import { derivedItemCode, xeroItemMapper } from './xero-item.mapper';

const TENANT = '00000000-0000-0000-0000-000000000001';
const connection = xeroConnection('http://127.0.0.1:1', TENANT);
const ctx = { links: new TestLinks(), connection };

describe('amounts between minor units and Xero decimals', () => {
  it.each([
    [1999, 'USD', 19.99],
    [1, 'GBP', 0.01],
    [0, 'EUR', 0],
    [1999, 'JPY', 1999],
    [100_000_000_01, 'USD', 100_000_000.01],
  ])('%d %s <-> %d, exactly', (minor, currency, decimal) => {
    expect(toXeroAmount(minor, currency)).toBe(decimal);
    expect(fromXeroAmount(toXeroAmount(minor, currency), currency)).toBe(minor);
  });

  it('round-trips every cent without floating-point drift', () => {
    for (let minor = 0; minor < 5000; minor += 7) {
      expect(fromXeroAmount(toXeroAmount(minor, 'USD'), 'USD')).toBe(minor);
    }
  });

  it('refuses a fraction a zero-decimal currency cannot hold', () => {
    expect(fromXeroAmount('1999.00', 'JPY')).toBe(1999);
    expect(() => fromXeroAmount(0.5, 'JPY')).toThrow(/JPY allows 0/);
  });
});

describe('Xero dates', () => {
  it('reads /Date(ms)/, Date objects and ISO text', () => {
    expect(fromXeroDate('/Date(1700000000000+0000)/')?.toISOString()).toBe(
      '2023-11-14T22:13:20.000Z',
    );
    expect(fromXeroDate(new Date(1700000000000))?.getTime()).toBe(1700000000000);
    expect(isoDayOfXeroDate('2024-05-01T00:00:00')).toBe('2024-05-01');
    expect(isoDayOfXeroDate('/Date(1714521600000+0000)/')).toBe('2024-05-01');
    expect(fromXeroDate('not a date')).toBeNull();
    expect(toXeroMsDate(new Date(1700000000000))).toBe('/Date(1700000000000+0000)/');
  });
});

describe('customer <-> Contact', () => {
  const customer: CustomerContent = {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
    address: { line1: '1 Analytical St', city: 'London', postalCode: 'N1 1AA', country: 'GB' },
    currency: 'GBP',
    metadata: {},
  };

  it('round-trips what a Contact holds', () => {
    const contact = xeroContactMapper.toExternal(customer, ctx);
    expect(contact).toMatchObject({ name: 'Ada Lovelace', emailAddress: 'ada@example.com' });
    const back = xeroContactMapper.toCanonical(
      { ...contact, contactID: 'c-1', updatedDateUTC: new Date(1700000000000) },
      ctx,
    );
    expect(back).toMatchObject({ externalId: 'c-1', deleted: false });
    expect(back.content).toEqual({
      name: customer.name,
      email: customer.email,
      phone: customer.phone,
      address: customer.address,
      currency: 'GBP',
    });
    expect(back.changedAt).toBe('2023-11-14T22:13:20.000Z');
  });

  it('clears removed fields with empty text and reads them back as null', () => {
    const contact = xeroContactMapper.toExternal(
      { ...customer, email: null, phone: null, address: null },
      ctx,
    );
    expect(contact.emailAddress).toBe('');
    const back = xeroContactMapper.toCanonical({ ...contact, contactID: 'c-1' }, ctx);
    expect(back.content).toMatchObject({ email: null, phone: null, address: null });
  });

  it('reports an archived contact as deleted', () => {
    const back = xeroContactMapper.toCanonical(
      { contactID: 'c-2', name: 'X', contactStatus: 'ARCHIVED' },
      ctx,
    );
    expect(back.deleted).toBe(true);
  });
});

describe('product <-> Item', () => {
  const product: ProductContent = {
    name: 'Widget',
    description: 'A widget',
    sku: 'W-1',
    active: true,
    unitPrice: { amount: 1250, currency: 'GBP' },
  };

  it('takes the Item Code from the SKU and the price on the default account and tax type', () => {
    expect(xeroItemMapper.toExternal(product, ctx)).toEqual({
      code: 'W-1',
      name: 'Widget',
      description: 'A widget',
      isSold: true,
      salesDetails: { unitPrice: 12.5, accountCode: '200', taxType: 'NONE' },
    });
    expect(derivedItemCode('0f8e2c1a-1234-4bcd-9abc-1234567890ab')).toBe(
      'CONCORD-0F8E2C1A12344BCD9ABC12',
    );
  });

  it('reports the price only in the currency the connection names', () => {
    const item = { ...xeroItemMapper.toExternal(product, ctx), itemID: 'i-1' };
    expect(xeroItemMapper.toCanonical(item, ctx).content.unitPrice).toBeUndefined();
    const gbp = {
      links: ctx.links,
      connection: xeroConnection('http://x:1', TENANT, { currency: 'GBP' }),
    };
    expect(xeroItemMapper.toCanonical(item, gbp).content).toEqual({
      name: 'Widget',
      description: 'A widget',
      sku: 'W-1',
      active: true,
      unitPrice: { amount: 1250, currency: 'GBP' },
    });
  });
});

describe('invoice <-> ACCREC Invoice', () => {
  const links = new TestLinks();
  links.set('customer', 'cust-1', 'contact-1');
  links.set('product', 'prod-1', 'item-1');
  links.set('product', 'prod-1', 'W-1', 'code');
  const invoice: InvoiceContent = {
    customerId: 'cust-1',
    number: 'INV-42',
    status: 'open',
    currency: 'JPY',
    issueDate: '2024-05-01',
    dueDate: '2024-05-31',
    lines: [
      {
        id: '11111111-1111-4111-8111-111111111111',
        productId: 'prod-1',
        description: 'Widgets',
        quantity: 3,
        unitAmount: 1500,
        amount: 4500,
      },
    ],
    subtotal: 4500,
    total: 4500,
    metadata: {},
  };

  it('writes lines in the currency decimals, on the default account, without tax', () => {
    const { invoice: written, expectedTotal } = xeroInvoiceMapper.toExternal(invoice, {
      links,
      connection,
    });
    expect(expectedTotal).toBe(4500);
    expect(written).toEqual({
      type: 'ACCREC',
      contact: { contactID: 'contact-1' },
      invoiceNumber: 'INV-42',
      date: '2024-05-01',
      dueDate: '2024-05-31',
      currencyCode: 'JPY',
      lineAmountTypes: 'NoTax',
      status: 'AUTHORISED',
      lineItems: [
        {
          description: 'Widgets',
          quantity: 3,
          unitAmount: 1500,
          itemCode: 'W-1',
          accountCode: '200',
          taxType: 'NONE',
        },
      ],
    });
  });

  it('chooses tax-inclusive lines for a real tax rate, so Xero totals equal the catalog', () => {
    expect(lineAmountTypeFor('OUTPUT2')).toBe('Inclusive');
    expect(lineAmountTypeFor('NONE')).toBe('NoTax');
    const taxed = xeroConnection('http://x:1', TENANT, { taxType: 'OUTPUT2', accountCode: '260' });
    const { invoice: written } = xeroInvoiceMapper.toExternal(invoice, {
      links,
      connection: taxed,
    });
    expect(written.lineAmountTypes).toBe('Inclusive');
    expect(written.lineItems[0]).toMatchObject({ accountCode: '260', taxType: 'OUTPUT2' });
  });

  it('reads an invoice as Xero answers it back: /Date(ms)/ days, exact amounts, item ids', () => {
    const back = xeroInvoiceMapper.toCanonical(
      {
        invoiceID: 'inv-1',
        type: 'ACCREC',
        contact: { contactID: 'contact-1' },
        invoiceNumber: 'INV-42',
        date: '/Date(1714521600000+0000)/',
        dueDate: new Date(Date.UTC(2024, 4, 31)),
        currencyCode: 'USD',
        lineAmountTypes: 'NoTax',
        status: 'PAID',
        lineItems: [
          {
            lineItemID: 'li-1',
            description: 'Widgets',
            quantity: 3,
            unitAmount: 19.99,
            lineAmount: 59.97,
            itemCode: 'W-1',
            item: { itemID: 'item-1', code: 'W-1' },
          },
        ],
        total: 59.97,
      },
      { links, connection },
    );
    expect(back.content).toEqual({
      status: 'paid',
      currency: 'USD',
      issueDate: '2024-05-01',
      dueDate: '2024-05-31',
      number: 'INV-42',
      customerExternalId: 'contact-1',
      lines: [
        {
          externalId: 'li-1',
          productExternalId: 'item-1',
          description: 'Widgets',
          quantity: 3,
          unitAmount: 1999,
          amount: 5997,
        },
      ],
      subtotal: 5997,
      total: 5997,
    });
  });

  it('reports a DELETED invoice as deleted', () => {
    const back = xeroInvoiceMapper.toCanonical(
      { invoiceID: 'inv-2', status: 'DELETED' },
      {
        links,
        connection,
      },
    );
    expect(back.deleted).toBe(true);
  });
});
