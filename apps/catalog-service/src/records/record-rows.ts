import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import type { RecordColumns } from './record-columns';

/**
 * Record times come from the database's clock, never a process clock: `statement_timestamp()` of
 * the statement that writes the row. An update runs while its transaction holds the record's row
 * lock (`lockLiveRecord`), so it starts after the previous writer of that record committed: the
 * times of one record's versions grow with its version whichever replica wrote them and whatever
 * that replica's clock says. Event times (`time` = `updatedAt`), the field clocks kept from them
 * and last-writer-wins all read this time.
 */
const DATABASE_NOW = (): string => 'statement_timestamp()';

interface StampedRow {
  updated_at: Date;
}

function stampOf(raw: unknown): Date {
  const row = (raw as StampedRow[])[0];
  if (!row) throw new Error('record write returned no row');
  return row.updated_at;
}

/** Inserts a new record row, created and updated at the database's now, and sets both on it. */
export async function insertRecordRow<T extends RecordColumns>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entity: T,
): Promise<void> {
  const values = { ...entity, createdAt: DATABASE_NOW, updatedAt: DATABASE_NOW };
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(values as unknown as QueryDeepPartialEntity<T>)
    .returning('updated_at')
    .execute();
  const stamped = stampOf(result.raw);
  entity.createdAt = stamped;
  entity.updatedAt = stamped;
}

export type RowChange = 'update' | 'delete';

/**
 * Writes every column of a record row in one UPDATE (no read first, unlike `save`), updated at the
 * database's now; a delete also sets `deletedAt` to that same time. Sets the times on `entity`.
 */
export async function updateRecordRow<T extends RecordColumns>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entity: T,
  change: RowChange = 'update',
): Promise<void> {
  const { id, tenantId, createdAt: _createdAt, ...columns } = entity as T & ObjectLiteral;
  const values = {
    ...columns,
    updatedAt: DATABASE_NOW,
    deletedAt: change === 'delete' ? DATABASE_NOW : entity.deletedAt,
  };
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set(values as unknown as QueryDeepPartialEntity<T>)
    .where('id = :id AND tenant_id = :tenantId', { id, tenantId })
    .returning('updated_at')
    .execute();
  const stamped = stampOf(result.raw);
  entity.updatedAt = stamped;
  if (change === 'delete') entity.deletedAt = stamped;
}
