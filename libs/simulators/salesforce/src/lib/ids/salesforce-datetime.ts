/** `2013-05-20T20:49:32.000+0000`, the form the REST API renders date-times in. */
export function formatSalesforceDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** `2013-05-20`. */
export function formatSalesforceDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses the ISO-8601 date-times Salesforce accepts (`Z`, `+hh:mm` or `+hhmm`); undefined if not one. */
export function parseSalesforceDateTime(value: string): number | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const zone = match[8] === 'Z' ? 'Z' : `${match[8].slice(0, 3)}:${match[8].slice(-2)}`;
  const ms = Date.parse(
    `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${match[7] ?? ''}${zone}`,
  );
  return Number.isNaN(ms) ? undefined : ms;
}

/** Parses `YYYY-MM-DD` as midnight UTC; undefined if not a real date. */
export function parseSalesforceDate(value: string): number | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().startsWith(value) ? ms : undefined;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
