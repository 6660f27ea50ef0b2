import { ValidationError, ValidationErrorCode } from '@concord/errors';

import { CurrencyExponents, type MinorUnitExponent } from './currency-exponents';
import type { Money } from './money.schema';

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const SCIENTIFIC = /^([+-]?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, message, [{ field, message }]);
}

export function isKnownCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CurrencyExponents, code);
}

/** Number of decimals of the currency's minor unit: 0 for JPY, 2 for USD, 3 for KWD. */
export function currencyExponent(currency: string): MinorUnitExponent {
  if (!isKnownCurrency(currency)) {
    throw invalid('currency', `Unknown currency "${currency}": expected an ISO 4217 code`);
  }
  return CurrencyExponents[currency];
}

/**
 * Exact decimal text of a JS number. `String(n)` is the shortest text that round-trips to the same
 * double, so 19.99 gives "19.99" (not 19.989999...); exponent notation is expanded by moving the
 * decimal point in the digit string, never by arithmetic.
 */
function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) throw invalid('amount', `Amount ${value} is not a finite number`);
  const text = String(value);
  const match = SCIENTIFIC.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Converts a decimal amount ("19.99", 19.99, "-0.5") to integer minor units of the currency,
 * exactly: the digits are shifted as text, no float multiplication. More decimals than the currency
 * has are refused unless they are trailing zeros ("19.990" is 1999 USD; "19.995" is an error),
 * because dropping a non-zero digit would change the amount.
 */
export function toMinorUnits(amount: string | number, currency: string): number {
  const exponent = currencyExponent(currency);
  const text = typeof amount === 'number' ? numberToDecimal(amount) : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) {
    throw invalid('amount', `Amount "${String(amount)}" is not a decimal number like 19.99`);
  }
  const [, sign, whole, fraction = ''] = match;
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > exponent) {
    throw invalid(
      'amount',
      `Amount "${String(amount)}" has ${significantFraction.length} decimals; ${currency} allows ${exponent}`,
    );
  }
  const minor = BigInt(whole + significantFraction.padEnd(exponent, '0'));
  const signed = sign === '-' ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalid('amount', `Amount "${String(amount)}" is too large to represent exactly`);
  }
  // Normalises -0 (from "-0.00") to 0 so equal amounts hash equally.
  return Number(signed) + 0;
}

/** Converts integer minor units back to the decimal text with exactly the currency's decimals. */
export function fromMinorUnits(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
    throw invalid('amount', `Minor units must be a safe integer, got ${minor}`);
  }
  const value = BigInt(minor);
  const digits = (value < 0n ? -value : value).toString().padStart(exponent + 1, '0');
  const sign = value < 0n ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** A Money value from a decimal amount, e.g. money('19.99', 'USD') -> { amount: 1999, currency }. */
export function money(amount: string | number, currency: string): Money {
  return { amount: toMinorUnits(amount, currency), currency };
}
