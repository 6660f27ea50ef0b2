/** A SOQL string literal: quotes and backslashes escaped as SOQL requires. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A SOQL date-time literal (UTC, `2026-01-01T00:00:00.000Z`) from an ISO time. */
export function soqlDateTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`not a date-time: ${iso}`);
  return new Date(time).toISOString();
}

/** `('a','b')` for an IN list of ids (ids are checked: 15 or 18 alphanumerics). */
export function soqlIdList(ids: readonly string[]): string {
  for (const id of ids) {
    if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(id))
      throw new Error(`not a Salesforce id: ${id}`);
  }
  return `(${ids.map((id) => `'${id}'`).join(',')})`;
}
