import { contentOf } from '@concord/model';
import { aCustomer, anInvoice, anInvoiceLine, aProduct } from '@concord/testing';

import { simulatorConnection, TestLinks } from '../../test/stripe-test-context';
import { stripeCustomerMapper } from './stripe-customer.mapper';
import { stripeInvoiceMapper } from './stripe-invoice.mapper';
import { stripeProductMapper } from './stripe-product.mapper';

const ctx = {
  links: new TestLinks(),
  connection: simulatorConnection('http://127.0.0.1:12111', 'sk_test_x'),
};

describe('Stripe customer mapper', () => {
  it('writes the canonical customer with the preferred currency kept in metadata', () => {
    const customer = aCustomer({
      currency: 'EUR',
      address: { line1: '1 Rue', country: 'FR' },
      metadata: { tier: 'gold' },
    });
    expect(stripeCustomerMapper.toExternal(contentOf('customer', customer), ctx)).toEqual({
      name: customer.name,
      email: customer.email,
      phone: customer.phone,
      address: { line1: '1 Rue', line2: '', city: '', state: '', postal_code: '', country: 'FR' },
      metadata: { tier: 'gold', concord_currency: 'EUR' },
    });
  });

  it('reads a Stripe customer back without Concord’s own keys, and partial addresses as unreported', () => {
    const record = stripeCustomerMapper.toCanonical(
      {
        id: 'cus_1',
        object: 'customer',
        name: null,
        email: 'not-an-email',
        phone: null,
        currency: 'usd',
        address: {
          line1: null,
          line2: null,
          city: 'Paris',
          state: null,
          postal_code: null,
          country: 'FR',
        },
        metadata: { concord_id: 'x', concord_currency: 'EUR', vip: 'yes' },
      },
      ctx,
    );
    expect(record).toEqual({
      externalId: 'cus_1',
      deleted: false,
      changedAt: null,
      externalVersion: null,
      catalogId: 'x',
      content: {
        name: 'not-an-email',
        email: null,
        phone: null,
        currency: 'EUR',
        metadata: { vip: 'yes' },
      },
    });
    expect(
      stripeCustomerMapper.toCanonical({ id: 'cus_2', object: 'customer', deleted: true }, ctx),
    ).toMatchObject({
      deleted: true,
    });
  });
});

describe('Stripe product mapper', () => {
  it('maps the unit price to a lower-case Stripe price and back', () => {
    const product = aProduct({
      unitPrice: { amount: 1000, currency: 'JPY' },
      sku: 'S-1',
      description: null,
    });
    expect(stripeProductMapper.toExternal(contentOf('product', product), ctx)).toEqual({
      name: product.name,
      description: null,
      active: true,
      sku: 'S-1',
      unitPrice: { unitAmount: 1000, currency: 'jpy' },
      metadata: {},
    });
    const stored = {
      id: 'prod_1',
      object: 'product',
      name: product.name,
      description: '',
      active: true,
      updated: 1_700_000_000,
      metadata: { sku: 'S-1', concord_id: product.id },
      default_price: { id: 'price_1', object: 'price', unit_amount: 1000, currency: 'jpy' },
    };
    expect(stripeProductMapper.toCanonical(stored, ctx)).toEqual({
      externalId: 'prod_1',
      deleted: false,
      changedAt: '2023-11-14T22:13:20.000Z',
      externalVersion: '1700000000',
      catalogId: product.id,
      content: contentOf('product', product),
    });
    expect(
      stripeProductMapper.toCanonical({ ...stored, default_price: 'price_1' }, ctx).content,
    ).not.toHaveProperty('unitPrice');
  });
  it('keeps the user’s metadata apart from the keys the connector keeps on a Stripe product', () => {
    const product = aProduct({ sku: 'S-2', metadata: { colour: 'red', sku: 'not-the-sku' } });
    expect(stripeProductMapper.toExternal(contentOf('product', product), ctx).metadata).toEqual({
      colour: 'red',
    });
    const stored = {
      id: 'prod_2',
      object: 'product',
      name: product.name,
      description: '',
      active: true,
      updated: 1_700_000_000,
      metadata: { sku: 'S-2', concord_id: product.id, colour: 'blue', size: 'L' },
      default_price: null,
    };
    expect(stripeProductMapper.toCanonical(stored, ctx).content).toMatchObject({
      sku: 'S-2',
      metadata: { colour: 'blue', size: 'L' },
    });
  });
});

describe('Stripe invoice mapper', () => {
  it('resolves the customer and products through the links and depends on them', () => {
    const links = new TestLinks();
    const invoice = anInvoice({
      lines: [anInvoiceLine({ productId: '3d7a3f4e-7d4c-4c2a-9a53-1f1d8d1c2b3a' })],
    });
    links.set('customer', invoice.customerId, 'cus_9');
    links.set('product', '3d7a3f4e-7d4c-4c2a-9a53-1f1d8d1c2b3a', 'prod_9');
    links.set('product', '3d7a3f4e-7d4c-4c2a-9a53-1f1d8d1c2b3a', 'price_9', 'price');
    const content = contentOf('invoice', invoice);
    const mapped = stripeInvoiceMapper.toExternal(content, { ...ctx, links });
    expect(mapped).toMatchObject({
      customer: 'cus_9',
      currency: invoice.currency.toLowerCase(),
      status: invoice.status,
      metadata: { concord_number: invoice.number, concord_issue_date: invoice.issueDate },
      lines: [{ lineId: invoice.lines[0].id, productExternalId: 'prod_9', priceId: 'price_9' }],
    });
    expect(stripeInvoiceMapper.dependencies?.(content)).toEqual([
      { entityType: 'customer', entityId: invoice.customerId },
      { entityType: 'product', entityId: '3d7a3f4e-7d4c-4c2a-9a53-1f1d8d1c2b3a' },
    ]);
  });
});
