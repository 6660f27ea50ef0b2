import { ValidationError } from '@concord/errors';

import { CurrencyCodes, CurrencyExponents } from './currency-exponents';
import { currencyExponent, fromMinorUnits, money, toMinorUnits } from './minor-units';

describe('currency exponents', () => {
  it('knows the zero-, two-, three- and four-decimal currencies', () => {
    for (const code of ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'XPF', 'BIF']) {
      expect(currencyExponent(code)).toBe(0);
    }
    for (const code of ['DJF', 'GNF', 'KMF', 'PYG', 'RWF', 'VUV'])
      expect(currencyExponent(code)).toBe(0);
    for (const code of ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']) {
      expect(currencyExponent(code)).toBe(3);
    }
    for (const code of ['USD', 'EUR', 'GBP', 'CHF', 'INR', 'BRL', 'ZAR']) {
      expect(currencyExponent(code)).toBe(2);
    }
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('lists only well-formed codes', () => {
    expect(CurrencyCodes.length).toBeGreaterThan(150);
    for (const code of CurrencyCodes) expect(code).toMatch(/^[A-Z]{3}$/);
  });

  it('rejects unknown currencies by name', () => {
    expect(() => currencyExponent('XXX')).toThrow(ValidationError);
    expect(() => currencyExponent('usd')).toThrow(/Unknown currency "usd"/);
  });
});

describe('toMinorUnits / fromMinorUnits', () => {
  const cases: Array<[string, string, number]> = [
    ['JPY', '500', 500],
    ['USD', '19.99', 1999],
    ['KWD', '1.500', 1500],
    ['CLF', '1.2345', 12345],
    ['USD', '0.01', 1],
    ['USD', '0.00', 0],
    ['USD', '-19.99', -1999],
    ['KWD', '-0.005', -5],
    ['JPY', '-7', -7],
    ['USD', '90071992547409.91', Number.MAX_SAFE_INTEGER],
    ['JPY', '9007199254740991', Number.MAX_SAFE_INTEGER],
    ['USD', '-90071992547409.91', -Number.MAX_SAFE_INTEGER],
  ];

  it.each(cases)('%s %s <-> %d', (currency, decimal, minor) => {
    expect(toMinorUnits(decimal, currency)).toBe(minor);
    expect(fromMinorUnits(minor, currency)).toBe(decimal);
  });

  it('round-trips every minor-unit value class for every currency', () => {
    for (const [currency] of Object.entries(CurrencyExponents)) {
      for (const minor of [0, 1, -1, 9, 10, 99, 100, 101, 123456789, -987654321]) {
        expect(toMinorUnits(fromMinorUnits(minor, currency), currency)).toBe(minor);
      }
    }
  });

  it('converts numbers without float multiplication errors', () => {
    // 1.005 * 100 is 100.49999999999999 in floating point; the text conversion is exact.
    expect(toMinorUnits(1.005, 'KWD')).toBe(1005);
    expect(toMinorUnits(19.99, 'USD')).toBe(1999);
    expect(toMinorUnits(0.29, 'USD')).toBe(29);
    // Exponent notation from String(n) is expanded as text before the checks apply.
    expect(() => toMinorUnits(1e21, 'JPY')).toThrow(/too large/);
    expect(() => toMinorUnits(1.5e-7, 'USD')).toThrow(/has 8 decimals; USD allows 2/);
    expect(toMinorUnits(500, 'JPY')).toBe(500);
  });

  it('accepts trailing zeros beyond the exponent but no significant extra digits', () => {
    expect(toMinorUnits('500.00', 'JPY')).toBe(500);
    expect(toMinorUnits('19.990', 'USD')).toBe(1999);
    expect(() => toMinorUnits('19.995', 'USD')).toThrow(/has 3 decimals; USD allows 2/);
    expect(() => toMinorUnits('500.5', 'JPY')).toThrow(/has 1 decimals; JPY allows 0/);
    expect(() => toMinorUnits(0.001, 'USD')).toThrow(ValidationError);
  });

  it('normalises negative zero', () => {
    expect(Object.is(toMinorUnits('-0.00', 'USD'), 0)).toBe(true);
  });

  it('rejects malformed amounts with a field error', () => {
    for (const bad of ['', 'abc', '1,000.00', '.5', '5.', '1e3', '--1', '0x10', '1.2.3']) {
      try {
        toMinorUnits(bad, 'USD');
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).fields[0].field).toBe('amount');
      }
    }
    expect(() => toMinorUnits(Number.NaN, 'USD')).toThrow(/not a finite number/);
    expect(() => toMinorUnits(Number.POSITIVE_INFINITY, 'USD')).toThrow(ValidationError);
  });

  it('rejects amounts that cannot be represented exactly', () => {
    expect(() => toMinorUnits('90071992547409.92', 'USD')).toThrow(/too large/);
    expect(() => fromMinorUnits(1.5, 'USD')).toThrow(/safe integer/);
    expect(() => fromMinorUnits(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(ValidationError);
  });

  it('formats bigint minor units beyond the safe range', () => {
    expect(fromMinorUnits(123456789012345678901n, 'USD')).toBe('1234567890123456789.01');
  });

  it('builds Money from a decimal amount', () => {
    expect(money('19.99', 'USD')).toEqual({ amount: 1999, currency: 'USD' });
  });
});
