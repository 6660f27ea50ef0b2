import type { DataSource } from 'typeorm';

import { encodeCursor, type RecordCursor } from '../../records/record-cursor';
import { type ActivityFilter, matchesActivity } from '../activity-filter';
import { activityView } from '../sync-visibility.service';
import { activityAfter, databaseNow, type StreamRow } from './activity-rows';

/** Where a stream writes its frames (the HTTP response). */
export interface StreamSink {
  write(text: string): void;
  end(): void;
}

const REPLAY_BATCH = 500;
const REMEMBERED_IDS = 2_000;

/**
 * One client's server-sent event stream: replays the rows after its last event id, then sends the
 * rows the replica's listener hands it that match its filters. Work runs one step at a time, so a
 * live row that arrives during the replay is sent after it, once.
 */
export class ActivityStreamClient {
  private queue: Promise<void> = Promise.resolve();
  private readonly sent = new Set<string>();
  private closed = false;

  constructor(
    readonly tenantId: string,
    private readonly filter: ActivityFilter,
    private readonly sink: StreamSink,
    private readonly dataSource: DataSource,
    private last: RecordCursor | null,
  ) {}

  /**
   * The stream's first frames: the reconnect delay and `ready`, then the replay. A new stream
   * (no Last-Event-ID) starts from the database's now, so a later catch-up knows where it began.
   */
  start(retryMs: number): void {
    this.enqueue(async () => {
      this.last ??= await databaseNow(this.dataSource);
      this.sink.write(`retry: ${retryMs}\nevent: ready\ndata: {}\n\n`);
    });
    this.catchUp();
  }

  /** A new row of this tenant, read by id after its NOTIFY. */
  deliver(row: StreamRow): void {
    this.enqueue(async () => {
      if (matchesActivity(this.filter, row)) this.send(row);
    });
  }

  /** Sends what was written since the last event (after the listener lost its connection). */
  catchUp(): void {
    this.enqueue(async () => {
      let cursor = this.last;
      if (cursor === null) return;
      for (;;) {
        const rows = await activityAfter(
          this.dataSource,
          this.tenantId,
          this.filter,
          cursor,
          REPLAY_BATCH,
        );
        for (const row of rows) this.send(row);
        const tail = rows.at(-1);
        if (rows.length < REPLAY_BATCH || tail === undefined || this.closed) return;
        cursor = { updatedAt: tail.cursor_at, id: tail.id };
      }
    });
  }

  heartbeat(): void {
    if (!this.closed) this.sink.write(': heartbeat\n\n');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private send(row: StreamRow): void {
    if (this.closed || this.sent.has(row.id)) return;
    this.sent.add(row.id);
    if (this.sent.size > REMEMBERED_IDS) {
      const oldest = this.sent.values().next().value;
      if (oldest !== undefined) this.sent.delete(oldest);
    }
    const cursor = { updatedAt: row.cursor_at, id: row.id };
    const newer =
      this.last === null ||
      cursor.updatedAt > this.last.updatedAt ||
      (cursor.updatedAt === this.last.updatedAt && cursor.id > this.last.id);
    if (newer) this.last = cursor;
    const data = JSON.stringify(activityView(row));
    this.sink.write(`id: ${encodeCursor(cursor)}\nevent: activity\ndata: ${data}\n\n`);
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await step();
      } catch {
        // A failed read (database gone): end the stream; the client resumes with Last-Event-ID.
        this.close();
      }
    });
  }
}
