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

/** Reasons whose change is a listing of the system, not an event of one change. */
const SNAPSHOT_REASONS: ReadonlySet<string> = new Set(['backfill', 'reconciliation']);

/**
 * A listing of the system (backfill, reconciliation) published before the connector last reported
 * writing the record there was read before that write: it shows what the write replaced, not what
 * the system holds, and taken as the system's own edit it would undo the catalog's change that was
 * just written. Its stamp cannot tell (a listed Stripe customer is stamped with its creation time),
 * so the envelope's time, when the listing was published, is compared with the write's. The next
 * listing reads the system again.
 */
export function isSnapshotBeforeWrite(
  change: { time: string; data: { reason?: string } },
  lastWrittenAt: Date | null,
): boolean {
  if (lastWrittenAt === null || !SNAPSHOT_REASONS.has(change.data.reason ?? '')) return false;
  return Date.parse(change.time) < lastWrittenAt.getTime();
}
