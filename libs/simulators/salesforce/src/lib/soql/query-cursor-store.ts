export const QUERY_CURSOR_IDLE_MS = 15 * 60 * 1000;
const MAX_OPEN_CURSORS = 50;

interface QueryCursor {
  rows: Record<string, unknown>[];
  totalSize: number;
  batchSize: number;
  lastUsed: number;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/**
 * Open query locators of one org: a query's result snapshot served in batches through
 * `nextRecordsUrl` (`.../query/<locator>-<offset>`), forgotten after 15 idle minutes.
 */
export class QueryCursorStore {
  private readonly cursors = new Map<string, QueryCursor>();

  constructor(private readonly newLocator: () => string) {}

  /** The first page; a cursor stays open only when there is more to read. */
  open(
    rows: Record<string, unknown>[],
    totalSize: number,
    batchSize: number,
    now: number,
    baseUrl: string,
  ): QueryPage {
    if (rows.length <= batchSize) return { totalSize, done: true, records: rows };
    this.prune(now);
    const locator = this.newLocator();
    this.cursors.set(locator, { rows, totalSize, batchSize, lastUsed: now });
    return this.page(locator, 0, now, baseUrl) as QueryPage;
  }

  /** The page at `offset`, or undefined for an unknown or expired locator. */
  page(locator: string, offset: number, now: number, baseUrl: string): QueryPage | undefined {
    this.prune(now);
    const cursor = this.cursors.get(locator);
    if (!cursor || offset >= cursor.rows.length || offset < 0) return undefined;
    cursor.lastUsed = now;
    const end = offset + cursor.batchSize;
    const done = end >= cursor.rows.length;
    if (done) this.cursors.delete(locator);
    return {
      totalSize: cursor.totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `${baseUrl}/${locator}-${end}` }),
      records: cursor.rows.slice(offset, end),
    };
  }

  clear(): void {
    this.cursors.clear();
  }

  private prune(now: number): void {
    for (const [locator, cursor] of this.cursors) {
      if (now - cursor.lastUsed > QUERY_CURSOR_IDLE_MS) this.cursors.delete(locator);
    }
    while (this.cursors.size >= MAX_OPEN_CURSORS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest === undefined) break;
      this.cursors.delete(oldest);
    }
  }
}
