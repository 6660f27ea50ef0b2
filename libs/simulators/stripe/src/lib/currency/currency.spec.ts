import { inProcessClient } from '../../../test/in-process-stripe';
import { createStripeSimulator } from '../stripe-simulator';
import { isZeroDecimalCurrency, minorUnitExponent, parseCurrency } from './currency';

describe('currencies', () => {
  it('knows zero-, two- and three-decimal currencies', () => {
    expect(isZeroDecimalCurrency('JPY')).toBe(true);
    expect(isZeroDecimalCurrency('usd')).toBe(false);
    expect([minorUnitExponent('jpy'), minorUnitExponent('eur'), minorUnitExponent('kwd')]).toEqual([
      0, 2, 3,
    ]);
  });

  it('lower-cases supported codes and rejects unknown ones', () => {
    expect(parseCurrency('EUR')).toBe('eur');
    expect(() => parseCurrency('xyz')).toThrow('Invalid currency: xyz');
  });

  it('bills zero-decimal currencies in whole units, never scaled', async () => {
    const simulator = createStripeSimulator({ seed: 3 });
    try {
      const call = inProcessClient(simulator);
      const customer = (await call('POST', '/v1/customers', { name: 'Tokyo' })).body.id;
      const price = (
        await call('POST', '/v1/prices', {
          currency: 'jpy',
          unit_amount: 1500,
          product_data: { name: 'Ramen' },
        })
      ).body;
      expect(price).toMatchObject({
        currency: 'jpy',
        unit_amount: 1500,
        unit_amount_decimal: '1500',
      });
      await call('POST', '/v1/invoiceitems', { customer, price: price.id, quantity: 3 });
      await call('POST', '/v1/invoiceitems', { customer, amount: 99, currency: 'jpy' });
      const invoice = (
        await call('POST', '/v1/invoices', { customer, pending_invoice_items_behavior: 'include' })
      ).body;
      expect(invoice).toMatchObject({
        currency: 'jpy',
        subtotal: 4599,
        total: 4599,
        amount_due: 4599,
      });
      const fractional = await call('POST', '/v1/invoiceitems', {
        customer,
        amount: '10.5',
        currency: 'jpy',
      });
      expect(fractional.body.error).toMatchObject({
        code: 'parameter_invalid_integer',
        param: 'amount',
      });
      const tooLarge = await call('POST', '/v1/invoiceitems', {
        customer,
        amount: 100_000_000,
        currency: 'jpy',
      });
      expect(tooLarge.body.error.code).toBe('amount_too_large');
    } finally {
      simulator.close();
    }
  });

  it('rounds fractional unit amounts to the smallest unit per line', async () => {
    const simulator = createStripeSimulator({ seed: 4 });
    try {
      const call = inProcessClient(simulator);
      const customer = (await call('POST', '/v1/customers', {})).body.id;
      const item = (
        await call('POST', '/v1/invoiceitems', {
          customer,
          currency: 'usd',
          unit_amount_decimal: '0.5',
          quantity: 3,
        })
      ).body;
      expect(item).toMatchObject({
        amount: 2,
        unit_amount: null,
        unit_amount_decimal: '0.5',
        quantity: 3,
      });
    } finally {
      simulator.close();
    }
  });
});
