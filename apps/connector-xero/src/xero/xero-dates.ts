/** Xero's `/Date(1700000000000+0000)/` (milliseconds since the epoch, optional offset). */
const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/**
 * The instant a Xero date stands for: xero-node hands dates over as `Date` objects (it parses
 * `/Date(ms)/` itself), raw JSON carries `/Date(ms+0000)/`, and the `...String` fields ISO text.
 * Null for anything else.
 */
export function fromXeroDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  const ms = MS_DATE.exec(value);
  if (ms) return new Date(Number(ms[1]));
  const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** `2024-05-01` for a Xero date (a calendar day in Xero is midnight UTC of that day). */
export function isoDayOfXeroDate(value: unknown): string | null {
  return fromXeroDate(value)?.toISOString().slice(0, 10) ?? null;
}

/** ISO 8601 instant for a Xero timestamp (`UpdatedDateUTC`), or null. */
export function isoInstantOfXeroDate(value: unknown): string | null {
  return fromXeroDate(value)?.toISOString() ?? null;
}

/** Xero's wire form of an instant: `/Date(1700000000000+0000)/`. */
export function toXeroMsDate(instant: Date): string {
  return `/Date(${instant.getTime()}+0000)/`;
}
