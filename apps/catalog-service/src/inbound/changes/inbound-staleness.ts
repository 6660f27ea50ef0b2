/** What was last applied from one system for one record. */
export interface AppliedMark {
  externalVersion: string | null;
  changedAt: Date | null;
}

const INTEGER = /^\d{1,15}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Orders two external versions when their form allows it: both integers (a revision counter) or
 * both timestamps (a modstamp). Opaque versions (etags) cannot be ordered and return null.
 */
export function compareExternalVersions(a: string, b: string): number | null {
  if (INTEGER.test(a) && INTEGER.test(b)) return Number(a) - Number(b);
  if (TIMESTAMP.test(a) && TIMESTAMP.test(b)) {
    const difference = Date.parse(a) - Date.parse(b);
    return Number.isNaN(difference) ? null : difference;
  }
  return null;
}

/**
 * A change is stale when it is older than what was last applied from the same system for the same
 * record: its external version orders before the applied one, or its change time is earlier.
 * Equal marks are not stale (a replay of the same state changes nothing anyway).
 */
export function isStaleChange(
  change: { externalVersion: string | null; changedAt: Date },
  applied: AppliedMark | null,
): boolean {
  if (applied === null) return false;
  if (change.externalVersion !== null && applied.externalVersion !== null) {
    const order = compareExternalVersions(change.externalVersion, applied.externalVersion);
    if (order !== null && order < 0) return true;
  }
  return applied.changedAt !== null && change.changedAt.getTime() < applied.changedAt.getTime();
}
