import { randomUUID } from 'node:crypto';

import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type HeldDeleteStatus = 'held' | 'approved' | 'rejected' | 'skipped';

/** An inbound delete the mass-delete guard holds for an operator. */
export interface HeldDelete {
  id: string;
  tenantId: string;
  system: string;
  entityType: EntityType;
  entityId: string;
  externalId: string;
  sourceEventId: string;
  changedAt: string;
  status: HeldDeleteStatus;
  createdAt: string;
}

interface HeldRow {
  id: string;
  tenant_id: string;
  system: string;
  entity_type: EntityType;
  entity_id: string;
  external_id: string;
  source_event_id: string;
  changed_at: Date;
  status: HeldDeleteStatus;
  created_at: Date;
}

function toHeld(row: HeldRow): HeldDelete {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    system: row.system,
    entityType: row.entity_type,
    entityId: row.entity_id,
    externalId: row.external_id,
    sourceEventId: row.source_event_id,
    changedAt: row.changed_at.toISOString(),
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

@Injectable()
export class HeldDeletesRepository {
  async hold(
    manager: EntityManager,
    held: Omit<HeldDelete, 'id' | 'status' | 'createdAt'>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO held_deletes (id, tenant_id, system, entity_type, entity_id, external_id,
         source_event_id, changed_at, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'held', clock_timestamp())`,
      [
        randomUUID(),
        held.tenantId,
        held.system,
        held.entityType,
        held.entityId,
        held.externalId,
        held.sourceEventId,
        new Date(held.changedAt),
      ],
    );
  }

  /** The deletes still held for a connection, oldest first (locked when `lock` is set). */
  async held(
    manager: EntityManager,
    tenantId: string,
    system: string,
    options: { lock?: boolean } = {},
  ): Promise<HeldDelete[]> {
    const rows: HeldRow[] = await manager.query(
      `SELECT id, tenant_id, system, entity_type, entity_id, external_id, source_event_id,
         changed_at, status, created_at
       FROM held_deletes WHERE tenant_id = $1 AND system = $2 AND status = 'held'
       ORDER BY created_at, id ${options.lock ? 'FOR UPDATE' : ''}`,
      [tenantId, system],
    );
    return rows.map(toHeld);
  }

  async resolve(
    manager: EntityManager,
    id: string,
    status: Exclude<HeldDeleteStatus, 'held'>,
    actor: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE held_deletes SET status = $2, resolved_at = now(), resolved_by = $3 WHERE id = $1`,
      [id, status, actor],
    );
  }
}
