import {
  type ContentByEntityType,
  contentHash,
  contentOf,
  type EntityType,
  type InboundChange,
  type InboundContentByEntityType,
  type RecordByEntityType,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { matchingKeysFor } from '../integrations/connection-settings.mapper';
import type { IntegrationConnection } from '../integrations/integration-connection.repository';
import { RecordWriters } from '../records/record-writers';
import { ActivityRepository } from '../sync/activity.repository';
import { SyncStateRepository } from '../sync/sync-state.repository';
import { FieldClocksRepository } from './field-clocks.repository';
import { resolveFields } from './field-resolution';
import {
  type IdentityLink,
  IdentityLinkRepository,
  type LinkKey,
} from './identity-link.repository';
import type { InboundResult } from './inbound-change.service';
import { InboundContentMapper } from './inbound-content.mapper';
import { isStaleChange } from './inbound-staleness';
import { RecordMatcher } from './record-matcher.service';

/**
 * An inbound upsert, in the applier's transaction: resolved through the identity map or matched
 * by key (else created), merged field by field under the connection's conflict policy (see
 * field-resolution.ts), and written with its catalog event only when the content changed.
 */
@Injectable()
export class InboundUpsertService {
  constructor(
    private readonly links: IdentityLinkRepository,
    private readonly content: InboundContentMapper,
    private readonly matcher: RecordMatcher,
    private readonly store: RecordWriters,
    private readonly clocks: FieldClocksRepository,
    private readonly syncStates: SyncStateRepository,
    private readonly activity: ActivityRepository,
  ) {}

  async apply(
    manager: EntityManager,
    change: InboundChange,
    connection: IntegrationConnection,
  ): Promise<InboundResult> {
    const { data } = change;
    const key: LinkKey = {
      tenantId: change.tenant,
      system: data.system,
      entityType: data.entityType,
    };
    const changedAt = new Date(data.changedAt);
    const link = await this.links.findByExternalId(manager, key, data.externalId);
    const applied = link && {
      externalVersion: link.externalVersion,
      changedAt: link.lastInboundChangedAt,
    };
    if (isStaleChange({ externalVersion: data.externalVersion, changedAt }, applied)) {
      await this.record(manager, change, 'inbound.stale', link?.entityId ?? null, {
        appliedChangedAt: link?.lastInboundChangedAt?.toISOString() ?? null,
        appliedVersion: link?.externalVersion ?? null,
      });
      return 'stale';
    }
    const reported = data.content as InboundContentByEntityType[EntityType];
    let record = link
      ? await this.store.lock(manager, key.entityType, key.tenantId, link.entityId)
      : null;
    if (record?.deletedAt) {
      await this.record(manager, change, 'inbound.ignored', record.id, {
        reason: 'deleted in the catalog',
      });
      return 'ignored';
    }
    if (!record) {
      const canonical = await this.content.toCanonical(manager, key, reported, null);
      const matchId = await this.matcher.find(
        manager,
        key,
        matchingKeysFor(connection, key.entityType),
        canonical,
      );
      record = matchId
        ? await this.store.lock(manager, key.entityType, key.tenantId, matchId)
        : null;
      if (!record) return this.create(manager, change, key, canonical);
    }
    return this.merge(manager, change, connection, key, link, record);
  }

  private async create(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    canonical: Record<string, unknown>,
  ): Promise<InboundResult> {
    const { data } = change;
    const content = this.content.complete(key.entityType, canonical);
    const record = await this.store.create(
      manager,
      key.entityType,
      key.tenantId,
      content,
      data.system,
    );
    await this.clocks.setChangedAt(
      manager,
      this.recordKey(key, record.id),
      data.system,
      Object.keys(canonical),
      new Date(data.changedAt),
    );
    await this.saveLink(
      manager,
      change,
      key,
      record.id,
      null,
      canonical,
      contentHash(key.entityType, content),
    );
    await this.syncStates.save(manager, {
      ...this.recordKey(key, record.id),
      system: data.system,
      state: 'synced',
      lastError: null,
      lastEventId: null,
      entityVersion: record.version,
    });
    await this.record(manager, change, 'inbound.created', record.id, { version: record.version });
    return 'created';
  }

  private async merge(
    manager: EntityManager,
    change: InboundChange,
    connection: IntegrationConnection,
    key: LinkKey,
    link: IdentityLink | null,
    record: RecordByEntityType[EntityType],
  ): Promise<InboundResult> {
    const { data } = change;
    const recordKey = this.recordKey(key, record.id);
    const incoming = await this.content.toCanonical(
      manager,
      key,
      data.content as InboundContentByEntityType[EntityType],
      record,
    );
    const current = contentOf(key.entityType, record) as ContentByEntityType[EntityType];
    const localChanges = await this.clocks.lastChanges(manager, recordKey, data.system);
    // A change Concord's own write overwrote in the source comes with the base it was made on:
    // resolved against that base, not against what Concord wrote, it is the conflict it was.
    const overwrittenBase =
      data.previous === undefined
        ? null
        : await this.content.toCanonical(
            manager,
            key,
            data.previous as InboundContentByEntityType[EntityType],
            record,
          );
    const resolution = resolveFields({
      entityType: key.entityType,
      system: data.system,
      current: current as Record<string, unknown>,
      baseline: overwrittenBase
        ? { ...(link?.lastSyncedContent ?? {}), ...overwrittenBase }
        : (link?.lastSyncedContent ?? null),
      incoming,
      changedAt: new Date(data.changedAt),
      localChangedAt: (field) => localChanges.get(field) ?? new Date(record.updatedAt),
      policy: connection.conflictPolicy,
      sameValue: this.content.sameValue(key.entityType),
    });
    const next = this.content.merge(key.entityType, current, resolution.taken);
    const changed = contentHash(key.entityType, next) !== contentHash(key.entityType, current);
    const stored = changed
      ? await this.store.update(manager, key.entityType, key.tenantId, record.id, next, data.system)
      : { record, changedFields: [] };
    await this.clocks.setChangedAt(
      manager,
      recordKey,
      data.system,
      stored.changedFields,
      new Date(data.changedAt),
    );
    const externalLost = resolution.conflicts.filter((conflict) => conflict.winner === 'catalog');
    for (const conflict of resolution.conflicts) {
      await this.syncStates.recordConflict(manager, {
        ...recordKey,
        system: data.system,
        field: conflict.field,
        catalogValue: conflict.catalogValue,
        externalValue: conflict.externalValue,
        resolution: conflict.winner,
        policy: conflict.rule,
      });
    }
    // An overwritten change is not what the source holds now (Concord's write is): the baseline
    // stays until the connector reports what it writes next.
    const hash =
      externalLost.length > 0 || overwrittenBase
        ? (link?.lastSyncedHash ?? null)
        : contentHash(key.entityType, next);
    await this.saveLink(
      manager,
      change,
      key,
      record.id,
      link,
      overwrittenBase ? {} : incoming,
      hash,
    );
    await this.syncStates.save(manager, {
      ...recordKey,
      system: data.system,
      state: externalLost.length > 0 ? 'conflict' : 'synced',
      lastError:
        externalLost.length > 0
          ? {
              code: 'SYNC_CONFLICT',
              message: `The catalog kept its value of ${externalLost.map((c) => c.field).join(', ')}`,
              fields: externalLost.map((c) => c.field),
            }
          : null,
      lastEventId: null,
      entityVersion: stored.record.version,
    });
    const kind =
      link === null ? 'inbound.linked' : changed ? 'inbound.updated' : 'inbound.unchanged';
    await this.record(manager, change, kind, record.id, {
      changedFields: stored.changedFields,
      version: stored.record.version,
      conflicts: resolution.conflicts.map((c) => ({
        field: c.field,
        winner: c.winner,
        rule: c.rule,
      })),
      ignoredByOwnership: resolution.ignoredByOwnership,
    });
    if (resolution.conflicts.length > 0) {
      await this.record(manager, change, 'conflict', record.id, {
        fields: resolution.conflicts.map((c) => c.field),
      });
    }
    if (link === null) return 'linked';
    return changed ? 'updated' : 'unchanged';
  }

  /** The baseline becomes the external record as now reported (earlier fields kept). */
  private async saveLink(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    entityId: string,
    link: IdentityLink | null,
    reported: Record<string, unknown>,
    hash: string | null,
  ): Promise<void> {
    const changedAt = new Date(change.data.changedAt);
    const previous = link?.lastInboundChangedAt;
    await this.links.saveInbound(manager, {
      ...key,
      entityId,
      externalId: change.data.externalId,
      externalVersion: change.data.externalVersion,
      lastSyncedHash: hash,
      lastSyncedContent: { ...(link?.lastSyncedContent ?? {}), ...reported },
      lastInboundChangedAt: previous && previous > changedAt ? previous : changedAt,
    });
  }

  private recordKey(key: LinkKey, entityId: string) {
    return { tenantId: key.tenantId, entityType: key.entityType, entityId };
  }

  private async record(
    manager: EntityManager,
    change: InboundChange,
    kind: Parameters<ActivityRepository['record']>[1]['kind'],
    entityId: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.activity.record(manager, {
      tenantId: change.tenant,
      system: change.data.system,
      kind,
      entityType: change.data.entityType,
      entityId,
      externalId: change.data.externalId,
      details: {
        sourceEventId: change.data.sourceEventId,
        changedAt: change.data.changedAt,
        ...details,
      },
    });
  }
}
