import type { SalesforceRecord } from '../mappers/salesforce-record';
import { isoTime } from '../mappers/salesforce-record';

/**
 * A durable polling position on `SystemModstamp`: the newest stamp read and the ids read at that
 * very stamp. The next poll asks for `SystemModstamp >= at` (records sharing the last stamp are
 * not lost across a page or a poll) and skips the ids already reported at it.
 */
export interface ModstampCursor {
  at: string;
  ids: string[];
}

const START = '1970-01-01T00:00:00.000Z';

export function parseModstampCursor(text: string): ModstampCursor {
  try {
    const parsed = JSON.parse(text) as Partial<ModstampCursor>;
    if (typeof parsed.at === 'string' && isoTime(parsed.at) && Array.isArray(parsed.ids)) {
      return { at: parsed.at, ids: parsed.ids.filter((id) => typeof id === 'string') };
    }
  } catch {
    // an unreadable cursor starts over: a poll then reports everything again (harmless)
  }
  return { at: START, ids: [] };
}

export function formatModstampCursor(cursor: ModstampCursor): string {
  return JSON.stringify(cursor);
}

/** Whether the cursor already reported this record at its stamp. */
export function alreadyReported(cursor: ModstampCursor, record: SalesforceRecord): boolean {
  return isoTime(record['SystemModstamp']) === cursor.at && cursor.ids.includes(record.Id);
}

/** The cursor after these records (the newest stamp, with every id read at it). */
export function advanceModstampCursor(
  cursor: ModstampCursor,
  records: readonly SalesforceRecord[],
): ModstampCursor {
  let next = cursor;
  for (const record of records) {
    const at = isoTime(record['SystemModstamp']);
    if (at === null || at < next.at) continue;
    next =
      at === next.at
        ? { at, ids: next.ids.includes(record.Id) ? next.ids : [...next.ids, record.Id] }
        : { at, ids: [record.Id] };
  }
  return next;
}

/** A cursor at the newest record (nothing older is reported), or at the epoch for an empty org. */
export function cursorAtNewest(newest: SalesforceRecord | undefined): ModstampCursor {
  return newest ? advanceModstampCursor({ at: START, ids: [] }, [newest]) : { at: START, ids: [] };
}
