import { fromMinorUnits, toMinorUnits } from '@concord/model';

/**
 * Minor units -> the decimal Xero takes (`1999` USD -> 19.99, `1999` JPY -> 1999). The number is
 * built from the exact decimal text, so JSON carries exactly those digits.
 */
export function toXeroAmount(minor: number, currency: string): number {
  return Number(fromMinorUnits(minor, currency));
}

/**
 * A Xero decimal -> minor units, exactly (the digits are shifted as text; `19.99` never becomes
 * 1998). More significant decimals than the currency has are refused (a JPY amount of 0.5).
 */
export function fromXeroAmount(value: number | string, currency: string): number {
  return toMinorUnits(value, currency);
}
