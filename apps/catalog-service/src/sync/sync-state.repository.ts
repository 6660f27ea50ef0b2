import { randomUUID } from 'node:crypto';

import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type SyncStateName = 'pending' | 'synced' | 'failed' | 'conflict';

export interface SyncStateInput {
  tenantId: string;
  entityType: EntityType;
  entityId: string;
  system: string;
  state: SyncStateName;
  lastError: Record<string, unknown> | null;
  lastEventId: string | null;
  entityVersion: number | null;
}

export interface SyncStateView {
  system: string;
  state: SyncStateName;
  lastError: Record<string, unknown> | null;
  lastEventId: string | null;
  entityVersion: number | null;
  updatedAt: string;
}

export interface SyncConflictInput {
  tenantId: string;
  entityType: EntityType;
  entityId: string;
  system: string;
  field: string;
  catalogValue: unknown;
  externalValue: unknown;
  /** `catalog` or `external`: whose value the record kept. */
  resolution: string;
  /** The rule that decided (`last-writer-wins`, `catalog-wins`, `external-wins`, `owner:<x>`). */
  policy: string;
}

interface StateRow {
  system: string;
  state: SyncStateName;
  last_error: Record<string, unknown> | null;
  last_event_id: string | null;
  entity_version: number | null;
  updated_at: Date;
}

/** Per record and system: where its sync stands (sync_states) and its conflicts (sync_conflicts). */
@Injectable()
export class SyncStateRepository {
  /** The state now, locked until the transaction ends (null when none was recorded). */
  async current(
    manager: EntityManager,
    key: { tenantId: string; entityType: EntityType; entityId: string; system: string },
  ): Promise<SyncStateView | null> {
    const rows: StateRow[] = await manager.query(
      `SELECT system, state, last_error, last_event_id, entity_version, updated_at
       FROM sync_states
       WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3 AND system = $4
       FOR UPDATE`,
      [key.tenantId, key.entityType, key.entityId, key.system],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  async save(manager: EntityManager, input: SyncStateInput): Promise<void> {
    await manager.query(
      `INSERT INTO sync_states
         (tenant_id, entity_type, entity_id, system, state, last_error, last_event_id,
          entity_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (tenant_id, entity_type, entity_id, system) DO UPDATE SET
         state = EXCLUDED.state, last_error = EXCLUDED.last_error,
         last_event_id = COALESCE(EXCLUDED.last_event_id, sync_states.last_event_id),
         entity_version = COALESCE(EXCLUDED.entity_version, sync_states.entity_version),
         updated_at = now()`,
      [
        input.tenantId,
        input.entityType,
        input.entityId,
        input.system,
        input.state,
        input.lastError === null ? null : JSON.stringify(input.lastError),
        input.lastEventId,
        input.entityVersion,
      ],
    );
  }

  async statesOf(
    manager: EntityManager,
    tenantId: string,
    entityType: EntityType,
    entityId: string,
  ): Promise<SyncStateView[]> {
    const rows: StateRow[] = await manager.query(
      `SELECT system, state, last_error, last_event_id, entity_version, updated_at
       FROM sync_states WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3
       ORDER BY system`,
      [tenantId, entityType, entityId],
    );
    return rows.map(toView);
  }

  async recordConflict(manager: EntityManager, input: SyncConflictInput): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO sync_conflicts
         (id, tenant_id, entity_type, entity_id, system, field, catalog_value, external_value,
          resolution, policy, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
      [
        id,
        input.tenantId,
        input.entityType,
        input.entityId,
        input.system,
        input.field,
        JSON.stringify(input.catalogValue ?? null),
        JSON.stringify(input.externalValue ?? null),
        input.resolution,
        input.policy,
      ],
    );
    return id;
  }
}

function toView(row: StateRow): SyncStateView {
  return {
    system: row.system,
    state: row.state,
    lastError: row.last_error,
    lastEventId: row.last_event_id,
    entityVersion: row.entity_version,
    updatedAt: row.updated_at.toISOString(),
  };
}
