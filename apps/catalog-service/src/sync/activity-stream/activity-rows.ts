import type { DataSource } from 'typeorm';

import { exactTimestampSql, type RecordCursor } from '../../records/record-cursor';
import { type ActivityFilter, kindsOf } from '../activity-filter';
import { ACTIVITY_ENTITY_LABEL_SQL } from '../activity-label';
import type { ActivityRow } from '../sync-visibility.service';

/** An activity row with its exact timestamp, the stream's event id (a list cursor). */
export type StreamRow = ActivityRow & { cursor_at: string };

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const COLUMNS = `*, ${exactTimestampSql('created_at')} AS cursor_at, ${ACTIVITY_ENTITY_LABEL_SQL}`;

/** One tenant's activity row by id (never another tenant's). */
export async function activityById(
  dataSource: DataSource,
  tenantId: string,
  id: string,
): Promise<StreamRow | undefined> {
  const rows: StreamRow[] = await dataSource.query(
    `SELECT ${COLUMNS} FROM activity WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  return rows[0];
}

/** The tenant's matching rows after a cursor, oldest first (a resumed stream's replay). */
export async function activityAfter(
  dataSource: DataSource,
  tenantId: string,
  filter: ActivityFilter,
  after: RecordCursor,
  limit: number,
): Promise<StreamRow[]> {
  const params: unknown[] = [tenantId, after.updatedAt, after.id];
  const where = ['tenant_id = $1', '(created_at, id) > ($2::timestamptz, $3)'];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.system !== undefined) add('system = ?', filter.system);
  if (filter.entityType !== undefined) add('entity_type = ?', filter.entityType);
  if (filter.kind !== undefined) add('kind = ?', filter.kind);
  if (filter.outcome !== undefined) add('kind = ANY(?)', kindsOf(filter.outcome));
  params.push(limit);
  return dataSource.query(
    `SELECT ${COLUMNS} FROM activity WHERE ${where.join(' AND ')}
     ORDER BY created_at, id LIMIT $${params.length}`,
    params,
  );
}

/** The database's clock as a cursor before any row written from now on. */
export async function databaseNow(dataSource: DataSource): Promise<RecordCursor> {
  const [row]: Array<{ now: string }> = await dataSource.query(
    `SELECT ${exactTimestampSql('clock_timestamp()')} AS now`,
  );
  return { updatedAt: row?.now ?? new Date().toISOString(), id: NIL_UUID };
}
