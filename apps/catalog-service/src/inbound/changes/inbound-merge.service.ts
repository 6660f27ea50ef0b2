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

import type { IntegrationConnection } from '../../integrations/integration-connection.repository';
import { RecordWriters } from '../../records/record-writers';
import { SyncStateRepository } from '../../sync/sync-state.repository';
import type { IdentityLink, LinkKey } from '../identity-map/identity-link';
import { ContestBases } from './contest-bases';
import { FieldClocksRepository } from './field-clocks.repository';
import { resolveFields } from './field-resolution';
import type { InboundResult } from './inbound-change.service';
import { InboundContentMapper } from './inbound-content.mapper';
import { InboundTrail, recordKeyOf } from './inbound-trail';

/**
 * An inbound upsert of a record the catalog holds, in the applier's transaction: merged field by
 * field under the connection's conflict policy (field-resolution.ts, with the contest bases), and
 * written with its catalog event only when the content changed; the link, the sync state, the
 * conflicts and the activity recorded.
 */
@Injectable()
export class InboundMerge {
  constructor(
    private readonly content: InboundContentMapper,
    private readonly store: RecordWriters,
    private readonly clocks: FieldClocksRepository,
    private readonly syncStates: SyncStateRepository,
    private readonly contest: ContestBases,
    private readonly trail: InboundTrail,
  ) {}

  async merge(
    manager: EntityManager,
    change: InboundChange,
    connection: IntegrationConnection,
    key: LinkKey,
    link: IdentityLink | null,
    record: RecordByEntityType[EntityType],
  ): Promise<InboundResult> {
    const { data } = change;
    const recordKey = recordKeyOf(key, record.id);
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
    const overwritten = await this.contest.overwrittenReport(
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
      const concurrent = await this.contest.concurrentBase(
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
          // The field clocks take the system's change time, in the record's own statement.
          new Date(data.changedAt),
        )
      : { record, changedFields: [] };
    if (changed) this.clocks.forget(manager, recordKey);
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
    await this.trail.saveLink(
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
    await this.trail.record(manager, change, kind, record.id, {
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
      await this.trail.record(manager, change, 'conflict', record.id, {
        fields: resolution.conflicts.map((c) => c.field),
      });
    }
    if (link === null) return 'linked';
    return changed ? 'updated' : 'unchanged';
  }
}
