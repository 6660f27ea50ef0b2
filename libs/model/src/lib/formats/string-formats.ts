import { FormatRegistry } from '@sinclair/typebox';

// The same expressions ajv-formats uses, so a schema exported to JSON Schema accepts exactly what
// TypeBox accepts here.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** A real calendar date `YYYY-MM-DD` (RFC 3339 full-date): `2025-02-29` is refused. */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= maxDay;
}

/** An RFC 3339 date-time with an explicit offset (`Z` or `+hh:mm`); local times are ambiguous. */
export function isIsoDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  return match !== null && isIsoDate(match[1]);
}

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * TypeBox checks `format` only for formats in its global registry. Every schema module imports
 * this one place, so the formats exist before any schema is compiled.
 */
export function registerStringFormats(): void {
  FormatRegistry.Set('date-time', isIsoDateTime);
  FormatRegistry.Set('date', isIsoDate);
  FormatRegistry.Set('email', isEmail);
  FormatRegistry.Set('uuid', isUuid);
}

registerStringFormats();
