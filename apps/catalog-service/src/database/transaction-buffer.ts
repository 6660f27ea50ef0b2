import type { EntityManager } from 'typeorm';

/**
 * Rows a repository holds back while one transaction (its EntityManager) applies a batch, to write
 * them in one statement later (`take`, then the caller's flush). Outside such a transaction a
 * repository writes at once, as before.
 */
export class TransactionBuffer<T> {
  private readonly pending = new WeakMap<EntityManager, T[]>();

  /** From now on, rows written in `manager`'s transaction wait for a flush. */
  start(manager: EntityManager): void {
    this.pending.set(manager, []);
  }

  /** Holds the row back and returns true, or returns false when `manager` buffers nothing. */
  hold(manager: EntityManager, row: T): boolean {
    const rows = this.pending.get(manager);
    if (!rows) return false;
    rows.push(row);
    return true;
  }

  /** The rows held back so far (in order), emptied. */
  take(manager: EntityManager): T[] {
    const rows = this.pending.get(manager);
    if (!rows) return [];
    this.pending.set(manager, []);
    return rows;
  }

  /** Writes go straight through again. */
  end(manager: EntityManager): void {
    this.pending.delete(manager);
  }
}
