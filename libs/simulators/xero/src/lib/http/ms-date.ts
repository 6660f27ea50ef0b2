/** Xero's JSON dates: `/Date(1700000000000+0000)/` (milliseconds since the epoch, UTC). */
export function msDate(epochMs: number): string {
  return `/Date(${epochMs}+0000)/`;
}

/** A calendar date as Xero answers `Date`/`DueDate`: `/Date(ms+0000)/` at midnight UTC. */
export function msDateOfDay(isoDate: string): string {
  return msDate(Date.parse(`${isoDate}T00:00:00Z`));
}

/** Reads `/Date(ms[+-hhmm])/` or an ISO-8601 text into epoch ms; undefined when it is neither. */
export function parseXeroDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (ms) return Number(ms[1]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const parsed = Date.parse(
    /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || value.length === 10 ? value : `${value}Z`,
  );
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** `YYYY-MM-DD` of an accepted date input (`2026-01-31`, `2026-01-31T00:00:00`, `/Date(..)/`). */
export function calendarDate(value: unknown): string | undefined {
  const ms = parseXeroDate(value);
  return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
}
