import { randomUUID } from 'node:crypto';

import type { EntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TransactionBuffer } from '../database/transaction-buffer';
import { keyOf, mergeSaves, type StateKey, type StateKeyRow } from './sync-state-keys';

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
  private readonly held = new TransactionBuffer<SyncStateInput>();
  /** Per batch transaction: the states read at its start, each answered once, until saved. */
  private readonly prefetched = new WeakMap<EntityManager, Map<string, SyncStateView | null>>();

  /**
   * Reads and locks the states of a batch's records in one query; `current` in the same
   * transaction answers from it (once per record and system) until the state is saved.
   */
  async prefetch(manager: EntityManager, keys: readonly StateKey[]): Promise<void> {
    const found = await this.readMany(manager, keys, true);
    this.prefetched.set(
      manager,
      new Map(keys.map((key) => [keyOf(key), found.get(keyOf(key)) ?? null])),
    );
  }

  /** The states of many records and systems in one query, by `stateKeyOf`. */
  async readMany(
    manager: EntityManager,
    keys: readonly StateKey[],
    lock: boolean,
  ): Promise<Map<string, SyncStateView>> {
    if (keys.length === 0) return new Map();
    const rows: Array<StateRow & StateKeyRow> = await manager.query(
      `SELECT s.tenant_id, s.entity_type, s.entity_id, s.system, s.state, s.last_error,
              s.last_event_id, s.entity_version, s.updated_at
       FROM sync_states s
       JOIN unnest($1::text[], $2::text[], $3::uuid[], $4::text[])
         AS k(tenant_id, entity_type, entity_id, system)
         USING (tenant_id, entity_type, entity_id, system)
       ORDER BY s.tenant_id, s.entity_type, s.entity_id, s.system
       ${lock ? 'FOR UPDATE OF s' : ''}`,
      [
        keys.map((key) => key.tenantId),
        keys.map((key) => key.entityType),
        keys.map((key) => key.entityId),
        keys.map((key) => key.system),
      ],
    );
    return new Map(
      rows.map((row) => [
        keyOf({
          tenantId: row.tenant_id,
          entityType: row.entity_type,
          entityId: row.entity_id,
          system: row.system,
        }),
        toView(row),
      ]),
    );
  }

  endPrefetch(manager: EntityManager): void {
    this.prefetched.delete(manager);
  }

  /** The state now, locked until the transaction ends (null when none was recorded). */
  async current(manager: EntityManager, key: StateKey): Promise<SyncStateView | null> {
    const cache = this.prefetched.get(manager);
    if (cache?.has(keyOf(key))) {
      const view = cache.get(keyOf(key)) ?? null;
      cache.delete(keyOf(key));
      return view;
    }
    await this.upsert(manager, this.held.take(manager));
    const rows: StateRow[] = await manager.query(
      `SELECT system, state, last_error, last_event_id, entity_version, updated_at
       FROM sync_states
       WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3 AND system = $4
       FOR UPDATE`,
      [key.tenantId, key.entityType, key.entityId, key.system],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /**
   * States saved in `manager`'s transaction wait for `flush` (one statement for a batch, the last
   * save of each record and system kept as the sequence of saves would have left it); reads flush
   * first.
   */
  buffer(manager: EntityManager): void {
    this.held.start(manager);
  }

  /** Writes what `buffer` held back, in one statement, and stops buffering. */
  async flush(manager: EntityManager): Promise<void> {
    await this.upsert(manager, this.held.take(manager));
  }

  /** Stops buffering without writing (the transaction failed). */
  discard(manager: EntityManager): void {
    this.held.end(manager);
  }

  async save(manager: EntityManager, input: SyncStateInput): Promise<void> {
    this.prefetched.get(manager)?.delete(keyOf(input));
    if (this.held.hold(manager, input)) return;
    await this.upsert(manager, [input]);
  }

  private async upsert(manager: EntityManager, inputs: SyncStateInput[]): Promise<void> {
    const merged = mergeSaves(inputs);
    if (merged.length === 0) return;
    const column = <T>(pick: (input: SyncStateInput) => T): T[] => merged.map(pick);
    await manager.query(
      `INSERT INTO sync_states
         (tenant_id, entity_type, entity_id, system, state, last_error, last_event_id,
          entity_version, updated_at)
       SELECT tenant_id, entity_type, entity_id, system, state, last_error::jsonb, last_event_id,
              entity_version, now()
       FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                   $7::uuid[], $8::int[])
            AS s(tenant_id, entity_type, entity_id, system, state, last_error, last_event_id,
                 entity_version)
       ON CONFLICT (tenant_id, entity_type, entity_id, system) DO UPDATE SET
         state = EXCLUDED.state, last_error = EXCLUDED.last_error,
         last_event_id = COALESCE(EXCLUDED.last_event_id, sync_states.last_event_id),
         entity_version = COALESCE(EXCLUDED.entity_version, sync_states.entity_version),
         updated_at = now()`,
      [
        column((input) => input.tenantId),
        column((input) => input.entityType),
        column((input) => input.entityId),
        column((input) => input.system),
        column((input) => input.state),
        column((input) => (input.lastError === null ? null : JSON.stringify(input.lastError))),
        column((input) => input.lastEventId),
        column((input) => input.entityVersion),
      ],
    );
  }

  async statesOf(
    manager: EntityManager,
    tenantId: string,
    entityType: EntityType,
    entityId: string,
  ): Promise<SyncStateView[]> {
    await this.upsert(manager, this.held.take(manager));
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
