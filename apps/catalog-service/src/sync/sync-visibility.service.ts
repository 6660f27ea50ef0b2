import { type EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { decodeCursor, encodeCursor, exactTimestampSql } from '../records/record-cursor';
import { DEFAULT_PAGE_SIZE, type RecordPage } from '../records/record-list';
import { recordNotFound } from '../records/record-not-found';
import { kindsOf } from './activity-filter';
import { ACTIVITY_ENTITY_LABEL_SQL } from './activity-label';
import type { ActivityQueryDto } from './activity-query.dto';
import type { SyncListQueryDto } from './sync-query.dto';
import { SyncStateRepository, type SyncStateView } from './sync-state.repository';

const TABLE: Record<EntityType, string> = {
  customer: 'customers',
  product: 'products',
  invoice: 'invoices',
};

export interface SystemSyncView {
  system: string;
  externalId: string | null;
  externalVersion: string | null;
  lastSyncedHash: string | null;
  linkedAt: string | null;
  state: SyncStateView['state'] | null;
  lastError: Record<string, unknown> | null;
  entityVersion: number | null;
  stateUpdatedAt: string | null;
}

export interface ConflictView {
  id: string;
  entityType: EntityType;
  entityId: string;
  system: string;
  field: string;
  catalogValue: unknown;
  externalValue: unknown;
  resolution: string;
  policy: string;
  createdAt: string;
  /** An operator's decision, once taken (POST /v1/sync/conflicts/:id/resolve). */
  resolved: { choice: string; by: string; at: string } | null;
}

export interface ActivityView {
  id: string;
  system: string;
  kind: string;
  entityType: EntityType | null;
  entityId: string | null;
  externalId: string | null;
  /** The record's name, or "Invoice <number>", as it is now (null without a record). */
  entityLabel: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** An activity row as stored. */
export interface ActivityRow {
  id: string;
  system: string;
  kind: string;
  entity_type: EntityType | null;
  entity_id: string | null;
  external_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
  /** The record's name (or invoice number), when the query asked for it. */
  entity_label?: string | null;
}

export function activityView(row: ActivityRow): ActivityView {
  return {
    id: row.id,
    system: row.system,
    kind: row.kind,
    entityType: row.entity_type,
    entityId: row.entity_id,
    externalId: row.external_id,
    entityLabel: row.entity_label ?? null,
    details: row.details,
    createdAt: row.created_at.toISOString(),
  };
}

export interface RecordSyncView {
  entityType: EntityType;
  entityId: string;
  systems: SystemSyncView[];
  conflicts: ConflictView[];
}

interface Paged {
  id: string;
  created_at: Date;
}

/** Read side of sync: per record, the activity feed and the conflict list. */
@Injectable()
export class SyncVisibilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly syncStates: SyncStateRepository,
  ) {}

  /** External ids and sync state of one record in every system, and its conflicts. */
  async recordSync(tenantId: string, entityType: EntityType, id: string): Promise<RecordSyncView> {
    const manager = this.dataSource.manager;
    const exists: unknown[] = await manager.query(
      `SELECT 1 FROM ${TABLE[entityType]} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    if (exists.length === 0) throw recordNotFound(entityType, id);
    const links: Array<{
      system: string;
      external_id: string;
      external_version: string | null;
      last_synced_hash: string | null;
      updated_at: Date;
    }> = await manager.query(
      `SELECT system, external_id, external_version, last_synced_hash, updated_at
       FROM identity_links WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3`,
      [tenantId, entityType, id],
    );
    const states = await this.syncStates.statesOf(manager, tenantId, entityType, id);
    const systems = [...new Set([...links.map((l) => l.system), ...states.map((s) => s.system)])];
    const conflicts = await this.conflicts(tenantId, { entityType, limit: 100 }, id);
    return {
      entityType,
      entityId: id,
      systems: systems.sort().map((system) => {
        const link = links.find((l) => l.system === system);
        const state = states.find((s) => s.system === system);
        return {
          system,
          externalId: link?.external_id ?? null,
          externalVersion: link?.external_version ?? null,
          lastSyncedHash: link?.last_synced_hash ?? null,
          linkedAt: link?.updated_at.toISOString() ?? null,
          state: state?.state ?? null,
          lastError: state?.lastError ?? null,
          entityVersion: state?.entityVersion ?? null,
          stateUpdatedAt: state?.updatedAt ?? null,
        };
      }),
      conflicts: conflicts.data,
    };
  }

  async activity(tenantId: string, query: ActivityQueryDto): Promise<RecordPage<ActivityView>> {
    const page = await this.page<ActivityRow>('activity', tenantId, query, query.entityId);
    return { data: page.rows.map(activityView), nextCursor: page.nextCursor };
  }

  async conflicts(
    tenantId: string,
    query: SyncListQueryDto,
    entityId?: string,
  ): Promise<RecordPage<ConflictView>> {
    const page = await this.page<
      Paged & {
        entity_type: EntityType;
        entity_id: string;
        system: string;
        field: string;
        catalog_value: unknown;
        external_value: unknown;
        resolution: string;
        policy: string;
        resolved_choice: string | null;
        resolved_by: string | null;
        resolved_at: Date | null;
      }
    >('sync_conflicts', tenantId, query, entityId);
    return {
      data: page.rows.map((row) => ({
        id: row.id,
        entityType: row.entity_type,
        entityId: row.entity_id,
        system: row.system,
        field: row.field,
        catalogValue: row.catalog_value,
        externalValue: row.external_value,
        resolution: row.resolution,
        policy: row.policy,
        createdAt: row.created_at.toISOString(),
        resolved:
          row.resolved_choice === null || row.resolved_at === null
            ? null
            : {
                choice: row.resolved_choice,
                by: row.resolved_by ?? 'unknown',
                at: row.resolved_at.toISOString(),
              },
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Newest first, keyset-paged over (created_at, id) with the exact timestamp in the cursor. */
  private async page<R extends Paged>(
    table: 'activity' | 'sync_conflicts',
    tenantId: string,
    query: SyncListQueryDto & Pick<ActivityQueryDto, 'kind' | 'outcome'>,
    entityId?: string,
  ): Promise<{ rows: R[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.system !== undefined) add('system = ?', query.system);
    if (query.entityType !== undefined) add('entity_type = ?', query.entityType);
    if (entityId !== undefined) add('entity_id = ?', entityId);
    if (query.kind !== undefined) add('kind = ?', query.kind);
    if (query.outcome !== undefined) add('kind = ANY(?)', kindsOf(query.outcome));
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      params.push(cursor.updatedAt, cursor.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(limit + 1);
    const rows: Array<R & { cursor_at: string }> = await this.dataSource.query(
      `SELECT *, ${exactTimestampSql('created_at')} AS cursor_at${
        table === 'activity' ? `, ${ACTIVITY_ENTITY_LABEL_SQL}` : ''
      } FROM ${table}
       WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      rows: data,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ updatedAt: last.cursor_at, id: last.id })
          : null,
    };
  }
}
