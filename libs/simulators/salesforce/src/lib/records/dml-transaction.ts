import { RecordChange } from './sobject-record';

export interface Savepoint {
  undo: number;
  changes: number;
}

/**
 * One API call's writes: an undo log so a failed record (or an `allOrNone` batch) rolls back,
 * and the changes that become change events once the call commits.
 */
export class DmlTransaction {
  private readonly undoLog: (() => void)[] = [];
  private readonly recorded: RecordChange[] = [];

  constructor(
    /** The commit time every write of the call shares. */
    readonly now: number,
  ) {}

  onUndo(undo: () => void): void {
    this.undoLog.push(undo);
  }

  record(change: RecordChange): void {
    this.recorded.push(change);
  }

  savepoint(): Savepoint {
    return { undo: this.undoLog.length, changes: this.recorded.length };
  }

  rollbackTo(savepoint: Savepoint): void {
    while (this.undoLog.length > savepoint.undo) this.undoLog.pop()?.();
    this.recorded.length = savepoint.changes;
  }

  get changes(): readonly RecordChange[] {
    return this.recorded;
  }
}
