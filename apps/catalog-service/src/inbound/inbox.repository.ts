import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Source event ids already applied, per tenant and system: the applier's deduplication. */
@Injectable()
export class InboxRepository {
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
