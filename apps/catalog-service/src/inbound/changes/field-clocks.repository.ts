import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

interface RecordKey {
  tenantId: string;
  entityType: EntityType;
  entityId: string;
}

const cacheKeyOf = (key: RecordKey, excludedOrigin: string): string =>
  [key.tenantId, key.entityType, key.entityId, excludedOrigin].join('\u0000');

/**
 * When each field of a record last changed, per origin (written set-based by every record write,
 * in its statement: outbox/outbox-event.sql.ts). Last-writer-wins reads it; the applier corrects the time of changes
 * it applied to the source's own change time.
 */
@Injectable()
export class FieldClocksRepository {
  /** Per batch transaction: `lastChanges` of its records, each answered once from it. */
  private readonly prefetched = new WeakMap<EntityManager, Map<string, Map<string, Date>>>();

  /**
   * `lastChanges` of many records (each with its own excluded origin) in one query; the first
   * `lastChanges` of each in the same transaction is answered from it, later ones (after the
   * record may have been written) from the database.
   */
  async prefetchLastChanges(
    manager: EntityManager,
    keys: ReadonlyArray<RecordKey & { excludedOrigin: string }>,
  ): Promise<void> {
    const cache = new Map<string, Map<string, Date>>(
      keys.map((key) => [cacheKeyOf(key, key.excludedOrigin), new Map()]),
    );
    this.prefetched.set(manager, cache);
    if (keys.length === 0) return;
    const rows: Array<{ n: string; field: string; changed_at: Date }> = await manager.query(
      `SELECT k.n, c.field, max(c.changed_at) AS changed_at
       FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[])
            WITH ORDINALITY AS k(tenant_id, entity_type, entity_id, origin, n)
       JOIN field_clocks c ON c.tenant_id = k.tenant_id AND c.entity_type = k.entity_type
         AND c.entity_id = k.entity_id AND c.origin <> k.origin
       GROUP BY k.n, c.field`,
      [
        keys.map((key) => key.tenantId),
        keys.map((key) => key.entityType),
        keys.map((key) => key.entityId),
        keys.map((key) => key.excludedOrigin),
      ],
    );
    for (const row of rows) {
      const key = keys[Number(row.n) - 1];
      cache.get(cacheKeyOf(key, key.excludedOrigin))?.set(row.field, row.changed_at);
    }
  }

  endPrefetch(manager: EntityManager): void {
    this.prefetched.delete(manager);
  }

  /** Field -> last change from any origin except `excludedOrigin`. */
  async lastChanges(
    manager: EntityManager,
    key: RecordKey,
    excludedOrigin: string,
  ): Promise<Map<string, Date>> {
    const cache = this.prefetched.get(manager);
    const cached = cache?.get(cacheKeyOf(key, excludedOrigin));
    if (cache && cached) {
      cache.delete(cacheKeyOf(key, excludedOrigin));
      return cached;
    }
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

  /** Drops what was prefetched for the record: its clocks were just written. */
  forget(manager: EntityManager, key: RecordKey): void {
    const cache = this.prefetched.get(manager);
    for (const cacheKey of cache?.keys() ?? []) {
      if (cacheKey.startsWith(cacheKeyOf(key, ''))) cache?.delete(cacheKey);
    }
  }
}
