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
import { concurrentFields, overwrittenFields } from './overwritten-report';
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
    let incoming = await this.content.toCanonical(
      manager,
      key,
      data.content as InboundContentByEntityType[EntityType],
      record,
    );
    const current = contentOf(key.entityType, record) as ContentByEntityType[EntityType];
    const localChanges = await this.clocks.lastChanges(manager, recordKey, data.system);
    // A change Concord's own write overwrote in the source comes with the base it was made on:
    // resolved against that base, not against what Concord wrote, it is the conflict it was.
    let overwrittenBase =
      data.previous === undefined
        ? null
        : await this.content.toCanonical(
            manager,
            key,
            data.previous as InboundContentByEntityType[EntityType],
            record,
          );
    const overwritten = await this.overwrittenReport(
      manager,
      change,
      key,
      record,
      incoming,
      localChanges,
    );
    if (overwritten) {
      incoming = overwritten.incoming;
      overwrittenBase = overwritten.base;
    }
    const resolve = (base: Record<string, unknown> | null) =>
      resolveFields({
        entityType: key.entityType,
        system: data.system,
        current: current as Record<string, unknown>,
        baseline: base
          ? { ...(link?.lastSyncedContent ?? {}), ...base }
          : (link?.lastSyncedContent ?? null),
        incoming,
        changedAt: new Date(data.changedAt),
        localChangedAt: (field) => localChanges.get(field) ?? new Date(record.updatedAt),
        policy: connection.conflictPolicy,
        sameValue: this.content.sameValue(key.entityType),
      });
    let resolution = resolve(overwrittenBase);
    if (overwrittenBase === null) {
      const concurrent = await this.concurrentBase(
        manager,
        change,
        key,
        record,
        link,
        resolution,
        localChanges,
      );
      // Not an overwritten change: the source held it, so the baseline moves on as usual.
      if (concurrent) resolution = resolve(concurrent);
    }
    const next = this.content.merge(key.entityType, current, resolution.taken);
    const changed = contentHash(key.entityType, next) !== contentHash(key.entityType, current);
    // A field taken from a reported change: the source holds Concord's write, so its connector must
    // write this value there although it came from the source (else the two would cross over).
    const stored = changed
      ? await this.store.update(
          manager,
          key.entityType,
          key.tenantId,
          record.id,
          next,
          data.system,
          overwritten && Object.keys(overwritten.base).some((field) => field in resolution.taken)
            ? data.system
            : undefined,
        )
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

  /**
   * The record as read, with the event's values for the fields Concord's own write overwrote in
   * the source (see `overwrittenFields`), and their base; null when none was, or when the
   * connector could already tell (`previous`) or sent no report.
   */
  private async overwrittenReport(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    record: RecordByEntityType[EntityType],
    read: Record<string, unknown>,
    localChanges: ReadonlyMap<string, Date>,
  ): Promise<{ incoming: Record<string, unknown>; base: Record<string, unknown> } | null> {
    const { data } = change;
    if (data.reported === undefined || data.previous !== undefined) return null;
    const toCanonical = (content: unknown) =>
      this.content.toCanonical(
        manager,
        key,
        content as InboundContentByEntityType[EntityType],
        record,
      );
    const reported = await toCanonical(data.reported.content);
    const base = await toCanonical(data.reported.previous);
    const input = {
      system: data.system,
      current: contentOf(key.entityType, record) as Record<string, unknown>,
      read,
      reported,
      base,
      localChangedAt: localChanges,
      changedAt: new Date(data.changedAt),
      sameValue: this.content.sameValue(key.entityType),
    };
    // Only the fields that qualify by their values are worth asking the clocks about.
    const byValue = overwrittenFields({
      ...input,
      lastOrigin: new Map(Object.keys(base).map((field) => [field, '(any other)'])),
    });
    if (byValue.length === 0) return null;
    const lastOrigin = await this.clocks.lastOrigins(
      manager,
      this.recordKey(key, record.id),
      byValue,
    );
    const fields = overwrittenFields({ ...input, lastOrigin });
    if (fields.length === 0) return null;
    const pick = (content: Record<string, unknown>) =>
      Object.fromEntries(fields.map((field) => [field, content[field]]));
    return { incoming: { ...read, ...pick(reported) }, base: pick(base) };
  }

  /**
   * The event's base for the fields of this change that both sides wrote at once (see
   * `concurrentFields`), or null when there are none or the connector sent no report.
   */
  private async concurrentBase(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    record: RecordByEntityType[EntityType],
    link: IdentityLink | null,
    resolution: ReturnType<typeof resolveFields>,
    localChanges: ReadonlyMap<string, Date>,
  ): Promise<Record<string, unknown> | null> {
    const { data } = change;
    const conflicted = new Set(resolution.conflicts.map((conflict) => conflict.field));
    const taken = Object.keys(resolution.taken).filter((field) => !conflicted.has(field));
    if (data.reported === undefined || taken.length === 0) return null;
    const base = await this.content.toCanonical(
      manager,
      key,
      data.reported.previous as InboundContentByEntityType[EntityType],
      record,
    );
    const input = {
      system: data.system,
      baseline: link?.lastSyncedContent ?? null,
      base,
      localChangedAt: localChanges,
      changedAt: new Date(data.changedAt),
      sameValue: this.content.sameValue(key.entityType),
    };
    // Only the fields that qualify by their values and times are worth asking the clocks about.
    const byValue = concurrentFields({
      ...input,
      taken,
      lastOrigin: new Map(taken.map((field) => [field, '(any other)'])),
    });
    if (byValue.length === 0) return null;
    const lastOrigin = await this.clocks.lastOrigins(
      manager,
      this.recordKey(key, record.id),
      byValue,
    );
    const fields = concurrentFields({ ...input, taken: byValue, lastOrigin });
    if (fields.length === 0) return null;
    return Object.fromEntries(fields.map((field) => [field, base[field]]));
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
