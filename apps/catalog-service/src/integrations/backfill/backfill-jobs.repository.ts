import { randomUUID } from 'node:crypto';

import { type EntityType, EntityTypes } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { countLiveRecords } from './backfill-records';

/** An outbound backfill of one connection: where it stands in its record stream. */
export interface BackfillJob {
  id: string;
  tenantId: string;
  system: string;
  /** In publishing order: customers and products before invoices. */
  entityTypes: EntityType[];
  entityIndex: number;
  lastEntityId: string | null;
  published: number;
}

interface JobRow {
  id: string;
  tenant_id: string;
  system: string;
  entity_types: EntityType[];
  entity_index: number;
  last_entity_id: string | null;
  published: number;
}

/** Records an invoice refers to go first, so a connector sees an invoice's customer before it. */
export function backfillOrder(entityTypes: readonly EntityType[]): EntityType[] {
  return EntityTypes.filter((type) => entityTypes.includes(type));
}

@Injectable()
export class BackfillJobsRepository {
  /**
   * Starts a backfill in the caller's transaction; one still running for the connection ends. The
   * live records are counted now (the progress' total; records created meanwhile reach the
   * connector as ordinary catalog events, so `published` may end a little above or below it).
   */
  async schedule(
    manager: EntityManager,
    tenantId: string,
    system: string,
    entityTypes: readonly EntityType[],
  ): Promise<string> {
    await this.cancel(manager, tenantId, system);
    const id = randomUUID();
    const total = await countLiveRecords(manager, entityTypes, tenantId);
    await manager.query(
      `INSERT INTO backfill_jobs
         (id, tenant_id, system, entity_types, total, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', now(), now())`,
      [id, tenantId, system, backfillOrder(entityTypes), total],
    );
    return id;
  }

  async cancel(manager: EntityManager, tenantId: string, system: string): Promise<void> {
    await manager.query(
      `UPDATE backfill_jobs SET status = 'cancelled', updated_at = now(), completed_at = now()
       WHERE tenant_id = $1 AND system = $2 AND status = 'pending'`,
      [tenantId, system],
    );
  }

  /**
   * The oldest pending job nobody else is working on, locked until the transaction ends. A job of
   * a paused connection waits (it keeps its position) until the connection is resumed; so do the
   * jobs of the systems in `heldSystems` (their connector has enough to read already).
   */
  async claimNext(
    manager: EntityManager,
    heldSystems: readonly string[] = [],
  ): Promise<BackfillJob | null> {
    const rows: JobRow[] = await manager.query(
      `SELECT j.id, j.tenant_id, j.system, j.entity_types, j.entity_index, j.last_entity_id,
              j.published
       FROM backfill_jobs j
       WHERE j.status = 'pending' AND j.system <> ALL($1::text[]) AND NOT EXISTS (
         SELECT 1 FROM integration_connections c
         WHERE c.tenant_id = j.tenant_id AND c.system = j.system AND c.paused)
       ORDER BY j.created_at LIMIT 1 FOR UPDATE OF j SKIP LOCKED`,
      [heldSystems],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      system: row.system,
      entityTypes: row.entity_types,
      entityIndex: row.entity_index,
      lastEntityId: row.last_entity_id,
      published: row.published,
    };
  }

  async advance(manager: EntityManager, job: BackfillJob): Promise<void> {
    const done = job.entityIndex >= job.entityTypes.length;
    await manager.query(
      `UPDATE backfill_jobs SET entity_index = $2, last_entity_id = $3, published = $4,
         status = $5, updated_at = now(), completed_at = CASE WHEN $5 = 'done' THEN now() END
       WHERE id = $1`,
      [job.id, job.entityIndex, job.lastEntityId, job.published, done ? 'done' : 'pending'],
    );
  }
}
