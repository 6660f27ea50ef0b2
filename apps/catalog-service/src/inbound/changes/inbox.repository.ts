import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface InboxKey {
  tenantId: string;
  system: string;
  sourceEventId: string;
}

/** One text key per inbox row, for sets of them. */
export function inboxKeyOf(key: InboxKey): string {
  return [key.tenantId, key.system, key.sourceEventId].join('\u0000');
}

const columnsOf = (keys: readonly InboxKey[]) => [
  keys.map((key) => key.tenantId),
  keys.map((key) => key.system),
  keys.map((key) => key.sourceEventId),
];

/** Source event ids already applied, per tenant and system: the applier's deduplication. */
@Injectable()
export class InboxRepository {
  /** Which of the keys were applied already (committed), in one query, locking nothing. */
  async applied(manager: EntityManager, keys: readonly InboxKey[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: InboxKey[] = await manager.query(
      `SELECT i.tenant_id AS "tenantId", i.system, i.source_event_id AS "sourceEventId"
       FROM inbox i
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(tenant_id, system, source_event_id)
         USING (tenant_id, system, source_event_id)`,
      columnsOf(keys),
    );
    return new Set(rows.map(inboxKeyOf));
  }

  /**
   * Claims every key in one statement in the caller's transaction and returns those claimed now
   * (the others are duplicates). A transaction that rolls back releases the claims.
   */
  async claimAll(manager: EntityManager, keys: readonly InboxKey[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: InboxKey[] = await manager.query(
      `INSERT INTO inbox (tenant_id, system, source_event_id, received_at)
       SELECT tenant_id, system, source_event_id, now()
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(tenant_id, system, source_event_id)
       ON CONFLICT DO NOTHING
       RETURNING tenant_id AS "tenantId", system, source_event_id AS "sourceEventId"`,
      columnsOf(keys),
    );
    return new Set(rows.map(inboxKeyOf));
  }

  /** Sets the result of every claimed key in one statement. */
  async setResults(
    manager: EntityManager,
    results: ReadonlyArray<{ key: InboxKey; result: Record<string, unknown> }>,
  ): Promise<void> {
    if (results.length === 0) return;
    await manager.query(
      `UPDATE inbox SET result = r.result::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         AS r(tenant_id, system, source_event_id, result)
       WHERE inbox.tenant_id = r.tenant_id AND inbox.system = r.system
         AND inbox.source_event_id = r.source_event_id`,
      [
        ...columnsOf(results.map((entry) => entry.key)),
        results.map((entry) => JSON.stringify(entry.result)),
      ],
    );
  }

  /**
   * Claims a source event id in the caller's transaction: true the first time, false for a
   * duplicate. A transaction that rolls back releases the claim, so a retry can apply it.
   */
  async claim(
    manager: EntityManager,
    tenantId: string,
    system: string,
    sourceEventId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO inbox (tenant_id, system, source_event_id, received_at)
       VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, system, sourceEventId],
    );
    return rows.length === 1;
  }

  async setResult(
    manager: EntityManager,
    key: { tenantId: string; system: string; sourceEventId: string },
    result: Record<string, unknown>,
  ): Promise<void> {
    await manager.query(
      `UPDATE inbox SET result = $4::jsonb
       WHERE tenant_id = $1 AND system = $2 AND source_event_id = $3`,
      [key.tenantId, key.system, key.sourceEventId, JSON.stringify(result)],
    );
  }
}
