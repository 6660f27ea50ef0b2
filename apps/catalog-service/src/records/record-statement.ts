import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { preparedQuery } from '../database/prepared-query';
import type { IdempotencyClaim } from '../idempotency/idempotency-claim';
import { claimInsertSql } from '../idempotency/idempotency-keys.repository';
import {
  fieldClocksSql,
  outboxInsertSql,
  type PreparedEvent,
  stampSql,
} from '../outbox/outbox-event.sql';
import type { RecordColumns } from './record-columns';

/**
 * Record times come from the database's clock, never a process clock: `statement_timestamp()` of
 * the statement that writes the row. An update or delete names the version it read
 * (`WHERE version = <read>`), so it only lands after the writer of that version committed: the
 * times of one record's versions grow with its version whichever replica wrote them and whatever
 * that replica's clock says. Event times (`time` = `updatedAt`), the field clocks kept from them
 * and last-writer-wins all read this time.
 */
const DATABASE_NOW = (): string => 'statement_timestamp()';

export type RowWrite = 'insert' | 'update' | 'delete';

/**
 * A further CTE of the statement (e.g. an invoice's lines), written after the record row: it
 * should only act when `rec` (the row written) has a row, and may read the extras before it.
 */
export interface ExtraCte {
  name: string;
  sql: (params: unknown[]) => string;
}

export interface RecordStatement<T extends RecordColumns> {
  target: EntityTarget<T>;
  /** The row as it is to be stored; its times are set from the database on success. */
  entity: T;
  write: RowWrite;
  /** For an update or delete: the version the writer read; the row changes only if still at it. */
  readVersion?: number;
  event: PreparedEvent;
  extras?: ExtraCte[];
  claim?: IdempotencyClaim;
}

interface StampedRow {
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** `$1…` of a generated statement moved after `params`' current ones. */
export function shifted(sql: string, own: unknown[], params: unknown[]): string {
  const offset = params.length;
  params.push(...own);
  return sql.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + offset}`);
}

function rowSql<T extends RecordColumns>(
  manager: EntityManager,
  statement: RecordStatement<T>,
  params: unknown[],
): string {
  const { entity, target } = statement;
  const returning = 'created_at, updated_at, deleted_at';
  if (statement.write === 'insert') {
    const values = { ...entity, createdAt: DATABASE_NOW, updatedAt: DATABASE_NOW };
    const [sql, own] = manager
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(values as unknown as QueryDeepPartialEntity<T>)
      .returning(returning)
      .getQueryAndParameters();
    return shifted(sql, own, params);
  }
  const { id, tenantId, createdAt: _createdAt, ...columns } = entity as T & ObjectLiteral;
  const values = {
    ...columns,
    updatedAt: DATABASE_NOW,
    deletedAt: statement.write === 'delete' ? DATABASE_NOW : entity.deletedAt,
  };
  const [sql, own] = manager
    .createQueryBuilder()
    .update(target)
    .set(values as unknown as QueryDeepPartialEntity<T>)
    .where('id = :id AND tenant_id = :tenantId AND version = :readVersion', {
      id,
      tenantId,
      readVersion: statement.readVersion,
    })
    .returning(returning)
    .getQueryAndParameters();
  return shifted(sql, own, params);
}

/**
 * Writes a record change in ONE statement (one round trip, atomic on its own): the record row
 * (`rec`), any extra CTEs, the outbox row with the database's times (`ob`, `x-concord-links`
 * computed inside its INSERT), the field clocks (`fc`) and, for a request with an
 * `Idempotency-Key`, the key's row holding the response (`idem`). Returns false when an update or
 * delete found the row no longer at `readVersion` (nothing is written then); on success the
 * entity carries the times the database gave it. A prepared statement: planning this CTE cost as
 * much as running it.
 */
export async function writeRecordStatement<T extends RecordColumns>(
  manager: EntityManager,
  statement: RecordStatement<T>,
): Promise<boolean> {
  const params: unknown[] = [];
  const ctes = [`rec AS (${rowSql(manager, statement, params)})`, `stamp AS (${stampSql('rec')})`];
  for (const extra of statement.extras ?? []) ctes.push(`${extra.name} AS (${extra.sql(params)})`);
  ctes.push(`ob AS (${outboxInsertSql(statement.event, params, 'stamp')})`);
  ctes.push(`fc AS (${fieldClocksSql(statement.event, params, 'ob')})`);
  if (statement.claim) {
    ctes.push(
      `idem AS (${claimInsertSql(statement.claim, params, `ob.payload->'data'->'entity'`, 'FROM ob')})`,
    );
  }
  const rows = await preparedQuery<StampedRow>(
    manager,
    `WITH ${ctes.join(',\n')}\nSELECT created_at, updated_at, deleted_at FROM rec`,
    params,
  );
  const row = rows[0];
  if (!row) return false;
  statement.entity.createdAt = row.created_at;
  statement.entity.updatedAt = row.updated_at;
  statement.entity.deletedAt = row.deleted_at;
  return true;
}

/** A write that changed nothing still keeps its `Idempotency-Key`, with `response` (one INSERT). */
export async function storeClaimOnly(
  manager: EntityManager,
  claim: IdempotencyClaim,
  response: unknown,
): Promise<void> {
  const params: unknown[] = [JSON.stringify(response)];
  await manager.query(claimInsertSql(claim, params, '$1::jsonb'), params);
}
