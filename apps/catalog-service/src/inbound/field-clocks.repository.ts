import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

interface RecordKey {
  tenantId: string;
  entityType: EntityType;
  entityId: string;
}

/**
 * When each field of a record last changed, per origin (written set-based by every record write,
 * in its statement: outbox/outbox-event.sql.ts). Last-writer-wins reads it; the applier corrects the time of changes
 * it applied to the source's own change time.
 */
@Injectable()
export class FieldClocksRepository {
  /** Field -> last change from any origin except `excludedOrigin`. */
  async lastChanges(
    manager: EntityManager,
    key: RecordKey,
    excludedOrigin: string,
  ): Promise<Map<string, Date>> {
    const rows: Array<{ field: string; changed_at: Date }> = await manager.query(
      `SELECT field, max(changed_at) AS changed_at FROM field_clocks
       WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3 AND origin <> $4
       GROUP BY field`,
      [key.tenantId, key.entityType, key.entityId, excludedOrigin],
    );
    return new Map(rows.map((row) => [row.field, row.changed_at]));
  }

  /** Field -> the origin of its latest change, for the given fields. */
  async lastOrigins(
    manager: EntityManager,
    key: RecordKey,
    fields: readonly string[],
  ): Promise<Map<string, string>> {
    if (fields.length === 0) return new Map();
    const rows: Array<{ field: string; origin: string }> = await manager.query(
      `SELECT DISTINCT ON (field) field, origin FROM field_clocks
       WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3 AND field = ANY($4::text[])
       ORDER BY field, changed_at DESC`,
      [key.tenantId, key.entityType, key.entityId, [...fields]],
    );
    return new Map(rows.map((row) => [row.field, row.origin]));
  }

  /** Records that `origin` changed `fields` at `changedAt` (its own clock, not the apply time). */
  async setChangedAt(
    manager: EntityManager,
    key: RecordKey,
    origin: string,
    fields: readonly string[],
    changedAt: Date,
  ): Promise<void> {
    if (fields.length === 0) return;
    await manager.query(
      `UPDATE field_clocks SET changed_at = $6
       WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3 AND origin = $4
         AND field = ANY($5::text[])`,
      [key.tenantId, key.entityType, key.entityId, origin, [...fields], changedAt],
    );
  }
}
