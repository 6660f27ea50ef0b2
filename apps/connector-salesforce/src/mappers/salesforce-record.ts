/** A record as the REST API answers it (`attributes` plus the fields asked for). */
export type SalesforceRecord = Readonly<Record<string, unknown>> & {
  Id: string;
  attributes?: { type: string; url?: string };
};

/** `2026-01-01T00:00:00.000+0000` (Salesforce's date-time) as ISO 8601, or null. */
export function isoTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Optional text of a record: a non-empty string, or null. */
export function textOf(record: Readonly<Record<string, unknown>>, field: string): string | null {
  const value = record[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address Salesforce holds, when the catalog can take it (else null). */
export function validEmail(value: string | null | undefined): string | null {
  return value && EMAIL.test(value) ? value.slice(0, 254) : null;
}

/** The latest `SystemModstamp` of records read together (one customer or product), or null. */
export function latestStamp(
  records: ReadonlyArray<Readonly<Record<string, unknown>> | null>,
): string | null {
  const stamps = records
    .map((record) => record?.['SystemModstamp'])
    .filter((s): s is string => typeof s === 'string')
    .sort();
  return stamps[stamps.length - 1] ?? null;
}
