import { randomUUID } from 'node:crypto';

import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TransactionBuffer } from '../database/transaction-buffer';

/** What happened; `inbound.deleted` rows also feed the mass-delete guard's window. */
export type ActivityKind =
  | 'inbound.created'
  | 'inbound.linked'
  | 'inbound.updated'
  | 'inbound.unchanged'
  | 'inbound.stale'
  | 'inbound.ignored'
  | 'inbound.deleted'
  | 'inbound.delete-held'
  | 'outcome.synced'
  | 'outcome.skipped'
  | 'outcome.failed'
  | 'outcome.link-moved'
  | 'conflict'
  | 'held-deletes.approved'
  | 'held-deletes.rejected'
  | 'connection.paused';

export interface ActivityInput {
  tenantId: string;
  system: string;
  kind: ActivityKind;
  entityType?: EntityType | null;
  entityId?: string | null;
  externalId?: string | null;
  details?: Record<string, unknown>;
}

/** The channel every replica LISTENs on for new activity rows (see activity-stream/). */
export const ACTIVITY_CHANNEL = 'concord_activity';

/**
 * Recent sync events per tenant, for the sync activity feed. Each insert also NOTIFYs
 * `<tenantId> <activityId>` on ACTIVITY_CHANNEL in the same transaction, so every replica's live
 * stream learns of it when (and only if) it commits.
 */
@Injectable()
export class ActivityRepository {
  private readonly held = new TransactionBuffer<ActivityInput>();

  /**
   * Activity recorded in `manager`'s transaction waits for `flush` (one statement for a batch);
   * `countSince` flushes first, so the mass-delete guard counts every delete before its own.
   */
  buffer(manager: EntityManager): void {
    this.held.start(manager);
  }

  /** Writes what `buffer` held back, in one statement, and stops buffering. */
  async flush(manager: EntityManager): Promise<void> {
    await this.insert(manager, this.held.take(manager));
  }

  /** Stops buffering without writing (the transaction failed). */
  discard(manager: EntityManager): void {
    this.held.end(manager);
  }

  async record(manager: EntityManager, input: ActivityInput): Promise<void> {
    if (this.held.hold(manager, input)) return;
    await this.insert(manager, [input]);
  }

  private async insert(manager: EntityManager, inputs: ActivityInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const column = <T>(pick: (input: ActivityInput) => T): T[] => inputs.map(pick);
    // ORDINALITY keeps the rows in the order they were recorded (clock_timestamp() grows along).
    await manager.query(
      `WITH inserted AS (
         INSERT INTO activity
           (id, tenant_id, system, entity_type, entity_id, external_id, kind, details, created_at)
         SELECT id, tenant_id, system, entity_type, entity_id, external_id, kind, details::jsonb,
                clock_timestamp()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[],
                     $7::text[], $8::text[])
              WITH ORDINALITY AS a(id, tenant_id, system, entity_type, entity_id, external_id,
                                   kind, details, n)
         ORDER BY n
         RETURNING tenant_id, id
       )
       SELECT pg_notify('${ACTIVITY_CHANNEL}', tenant_id || ' ' || id) FROM inserted`,
      [
        column(() => randomUUID()),
        column((input) => input.tenantId),
        column((input) => input.system),
        column((input) => input.entityType ?? null),
        column((input) => input.entityId ?? null),
        column((input) => input.externalId ?? null),
        column((input) => input.kind),
        column((input) => JSON.stringify(input.details ?? {})),
      ],
    );
  }

  /** How many activities of a kind a tenant had for one system and entity type since `since`. */
  async countSince(
    manager: EntityManager,
    filter: { tenantId: string; system: string; entityType: EntityType; kind: ActivityKind },
    since: Date,
  ): Promise<number> {
    await this.insert(manager, this.held.take(manager));
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM activity
       WHERE tenant_id = $1 AND system = $2 AND entity_type = $3 AND kind = $4
         AND created_at >= $5`,
      [filter.tenantId, filter.system, filter.entityType, filter.kind, since],
    );
    return row.n;
  }

  /** Deletes activities older than `cutoff` in bounded batches; returns how many. */
  async prune(manager: EntityManager, cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const [row]: Array<{ n: number }> = await manager.query(
        `WITH gone AS (
           DELETE FROM activity WHERE id IN (
             SELECT id FROM activity WHERE created_at < $1 LIMIT 5000
           ) RETURNING 1
         ) SELECT count(*)::int AS n FROM gone`,
        [cutoff],
      );
      total += row.n;
      if (row.n < 5000) return total;
    }
  }
}
