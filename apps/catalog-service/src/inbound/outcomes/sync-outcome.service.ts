import {
  contentOf,
  type EntityType,
  type RecordByEntityType,
  type SyncOutcome,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { RecordWriters } from '../../records/record-writers';
import { ActivityRepository } from '../../sync/activity.repository';
import { SyncStateRepository } from '../../sync/sync-state.repository';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';

export type OutcomeResult = 'recorded' | 'older' | 'unknown-record';

/**
 * Records what a connector's write produced: the identity link (external id and version, the hash
 * and content now in the external system) and the record's sync state for that system (`synced`,
 * or `failed` with the error; `skipped` leaves the state). An outcome for an older version than the
 * state's is ignored: a newer write already answered.
 */
@Injectable()
export class SyncOutcomeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: RecordWriters,
    private readonly links: IdentityLinkRepository,
    private readonly syncStates: SyncStateRepository,
    private readonly activity: ActivityRepository,
  ) {}

  /** One outcome in its own transaction. */
  apply(outcome: SyncOutcome): Promise<OutcomeResult> {
    return this.dataSource.transaction((manager) => this.applyIn(manager, outcome));
  }

  /** One outcome in the caller's transaction (a batch's). */
  async applyIn(manager: EntityManager, outcome: SyncOutcome): Promise<OutcomeResult> {
    const { tenant, data } = outcome;
    const key = { tenantId: tenant, entityType: data.entityType, entityId: data.entityId };
    const record = await this.store.lock(manager, data.entityType, tenant, data.entityId);
    if (!record) return 'unknown-record';
    const state = await this.syncStates.current(manager, { ...key, system: data.system });
    if (state?.entityVersion != null && data.entityVersion < state.entityVersion) return 'older';
    if (data.externalId !== null) {
      await this.takeOverLink(manager, outcome, data.externalId);
      await this.links.saveOutcome(manager, {
        ...key,
        system: data.system,
        externalId: data.externalId,
        externalVersion: data.externalVersion,
        lastSyncedHash: data.contentHash,
        lastSyncedContent:
          data.status === 'synced' ? await this.writtenContent(manager, outcome, record) : null,
        // Only a write: a skip (the link said the system held the content) read nothing there.
        writtenAt: data.status === 'synced' ? new Date(data.occurredAt) : null,
      });
    }
    if (data.status !== 'skipped') {
      await this.syncStates.save(manager, {
        ...key,
        system: data.system,
        state: data.status,
        lastError: data.error,
        lastEventId: data.eventId,
        entityVersion: data.entityVersion,
      });
    }
    await this.activity.record(manager, {
      tenantId: tenant,
      system: data.system,
      kind: `outcome.${data.status}`,
      entityType: data.entityType,
      entityId: data.entityId,
      externalId: data.externalId,
      details: {
        eventId: data.eventId,
        entityVersion: data.entityVersion,
        attempt: data.attempt,
        ...(data.error ? { error: { code: data.error.code, category: data.error.category } } : {}),
      },
    });
    return 'recorded';
  }

  /**
   * The external record the connector wrote for this record may be linked to another catalog
   * record already: its change event (Salesforce CDC, a Xero webhook) reached the catalog before
   * this outcome, was not known as Concord's own write and created a record of its own. The write
   * says whose twin it is (the connector wrote it for this record), so the link moves here; the
   * other record keeps its content, unlinked in that system, and the move is in its activity.
   * Without this, the identity map's one-record-per-external-id key refused the outcome.
   */
  private async takeOverLink(
    manager: EntityManager,
    outcome: SyncOutcome,
    externalId: string,
  ): Promise<void> {
    const { tenant, data } = outcome;
    const key = { tenantId: tenant, system: data.system, entityType: data.entityType };
    const holder = await this.links.findByExternalId(manager, key, externalId);
    if (!holder || holder.entityId === data.entityId) return;
    await this.links.unlink(manager, key, holder.entityId);
    await this.activity.record(manager, {
      tenantId: tenant,
      system: data.system,
      kind: 'outcome.link-moved',
      entityType: data.entityType,
      entityId: holder.entityId,
      externalId,
      details: { eventId: data.eventId, linkedTo: data.entityId },
    });
  }

  /** The content the connector wrote: the record at that version (now, or its outbox event). */
  private async writtenContent(
    manager: EntityManager,
    outcome: SyncOutcome,
    record: RecordByEntityType[EntityType],
  ): Promise<Record<string, unknown> | null> {
    const { data } = outcome;
    if (record.version === data.entityVersion) {
      return contentOf(data.entityType, record) as Record<string, unknown>;
    }
    const rows: Array<{ entity: RecordByEntityType[EntityType] | null }> = await manager.query(
      `SELECT payload->'data'->'entity' AS entity FROM outbox WHERE id = $1 AND tenant = $2`,
      [data.eventId, outcome.tenant],
    );
    const entity = rows[0]?.entity;
    return entity && entity.version === data.entityVersion
      ? (contentOf(data.entityType, entity) as Record<string, unknown>)
      : null;
  }
}
