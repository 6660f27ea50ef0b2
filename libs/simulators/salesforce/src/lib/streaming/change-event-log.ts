import { randomUUID } from 'node:crypto';

import { RecordChange } from '../records/sobject-record';
import { FieldValue } from '../schema/field-definition';

export const DEFAULT_EVENT_RETENTION_MS = 72 * 60 * 60 * 1000;

/** The header Change Data Capture puts on every change event. */
export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: RecordChange['changeType'];
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
  nulledFields: string[];
  diffFields: string[];
  changedFields: string[];
}

/** The `data` of a change event message, as the Streaming API delivers it. */
export interface ChangeEventData {
  schema: string;
  payload: { ChangeEventHeader: ChangeEventHeader } & Record<string, unknown>;
  event: { replayId: number };
}

export interface StoredChangeEvent {
  replayId: number;
  entityName: string;
  publishedAt: number;
  data: ChangeEventData;
}

/**
 * One org's change events in replay order, kept for the retention window of the simulation
 * clock (72 hours, as Salesforce keeps them), so subscribers can resume by replay id.
 */
export class ChangeEventLog {
  private events: StoredChangeEvent[] = [];
  private lastReplayId = 0;
  private lastCommitNumber = 0;

  /** `retentionMs` is read on every use, so an org's setting applies at once. */
  constructor(private readonly retentionMs: () => number = () => DEFAULT_EVENT_RETENTION_MS) {}

  /** Turns one committed transaction into events: one transaction key, sequence numbers 1..n. */
  append(
    changes: readonly RecordChange[],
    origin: { changeOrigin: string; commitUser: string },
  ): StoredChangeEvent[] {
    const transactionKey = randomUUID();
    this.lastCommitNumber += 1;
    const appended = changes.map((change, index): StoredChangeEvent => {
      this.lastReplayId += 1;
      const nulledFields =
        change.changeType === 'UPDATE'
          ? change.changedFields.filter((name) => change.fields[name] === null)
          : [];
      const data: ChangeEventData = {
        schema: schemaIdOf(change.entityName),
        payload: {
          ChangeEventHeader: {
            entityName: change.entityName,
            recordIds: [change.recordId],
            changeType: change.changeType,
            changeOrigin: origin.changeOrigin,
            transactionKey,
            sequenceNumber: index + 1,
            commitTimestamp: change.commitTimestamp,
            commitNumber: this.lastCommitNumber,
            commitUser: origin.commitUser,
            nulledFields,
            diffFields: [],
            changedFields: change.changedFields,
          },
          ...eventFields(change.fields),
        },
        event: { replayId: this.lastReplayId },
      };
      return {
        replayId: this.lastReplayId,
        entityName: change.entityName,
        publishedAt: change.commitTimestamp,
        data,
      };
    });
    this.events.push(...appended);
    return appended;
  }

  /** Retained events after `replayId` (-2: every retained event). */
  after(replayId: number, now: number): StoredChangeEvent[] {
    this.prune(now);
    return replayId === -2 ? [...this.events] : this.events.filter((e) => e.replayId > replayId);
  }

  /**
   * Whether a subscriber may resume after `replayId`: -1 and -2 always; otherwise the id must
   * have been issued and no event after it may have left the retention window.
   */
  canResumeAfter(replayId: number, now: number): boolean {
    if (replayId === -1 || replayId === -2) return true;
    if (!Number.isInteger(replayId) || replayId < 0 || replayId > this.lastReplayId) return false;
    this.prune(now);
    const oldest = this.events[0]?.replayId ?? this.lastReplayId + 1;
    return replayId >= oldest - 1;
  }

  get latestReplayId(): number {
    return this.lastReplayId;
  }

  clear(): void {
    this.events = [];
  }

  private prune(now: number): void {
    const cutoff = now - this.retentionMs();
    let drop = 0;
    while (drop < this.events.length && this.events[drop].publishedAt <= cutoff) drop += 1;
    if (drop > 0) this.events = this.events.slice(drop);
  }
}

/** Date-times travel as ISO-8601 with `Z` in change events (REST renders `+0000`). */
function eventFields(fields: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    out[name] =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/.test(value)
        ? value.replace('+0000', 'Z')
        : value;
  }
  return out;
}

function schemaIdOf(entityName: string): string {
  return Buffer.from(`concord-sim:${entityName}ChangeEvent`).toString('base64url').slice(0, 22);
}
