import {
  contentHash,
  type EntityType,
  type InboundChange,
  type InboundContentByEntityType,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { matchingKeysFor } from '../../integrations/connection-settings.mapper';
import type { IntegrationConnection } from '../../integrations/integration-connection.repository';
import { RecordWriters } from '../../records/record-writers';
import { SyncStateRepository } from '../../sync/sync-state.repository';
import type { LinkKey } from '../identity-map/identity-link';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';
import { RecordMatcher } from '../identity-map/record-matcher.service';
import type { InboundResult } from './inbound-change.service';
import { InboundContentMapper } from './inbound-content.mapper';
import { InboundMerge } from './inbound-merge.service';
import { isSnapshotBeforeWrite, isStaleChange } from './inbound-staleness';
import { InboundTrail, recordKeyOf } from './inbound-trail';

/**
 * An inbound upsert, in the applier's transaction: resolved through the identity map, the catalog
 * id the record carries, or matched by key (else created), then merged (InboundMerge) and written with its catalog event only when
 * the content changed.
 */
@Injectable()
export class InboundUpsertService {
  constructor(
    private readonly links: IdentityLinkRepository,
    private readonly content: InboundContentMapper,
    private readonly matcher: RecordMatcher,
    private readonly store: RecordWriters,
    private readonly syncStates: SyncStateRepository,
    private readonly trail: InboundTrail,
    private readonly merging: InboundMerge,
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
      await this.trail.record(manager, change, 'inbound.stale', link?.entityId ?? null, {
        appliedChangedAt: link?.lastInboundChangedAt?.toISOString() ?? null,
        appliedVersion: link?.externalVersion ?? null,
      });
      return 'stale';
    }
    if (link && isSnapshotBeforeWrite(change, link.lastWrittenAt)) {
      await this.trail.record(manager, change, 'inbound.stale', link.entityId, {
        listedBefore: link.lastWrittenAt?.toISOString() ?? null,
      });
      return 'stale';
    }
    const reported = data.content as InboundContentByEntityType[EntityType];
    // Not linked yet but carrying a catalog id Concord wrote: that record's (its create's outcome
    // has not been applied yet), never a new one.
    const ownId =
      link || !data.catalogId ? null : await this.matcher.carried(manager, key, data.catalogId);
    const knownId = link?.entityId ?? ownId;
    let record = knownId
      ? await this.store.lock(manager, key.entityType, key.tenantId, knownId)
      : null;
    if (record?.deletedAt) {
      await this.trail.record(manager, change, 'inbound.ignored', record.id, {
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
    return this.merging.merge(manager, change, connection, key, link, record);
  }

  private async create(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    canonical: Record<string, unknown>,
  ): Promise<InboundResult> {
    const { data } = change;
    const content = this.content.complete(key.entityType, canonical);
    // Its field clocks take the system's change time, in the record's own statement.
    const record = await this.store.create(
      manager,
      key.entityType,
      key.tenantId,
      content,
      data.system,
      new Date(data.changedAt),
    );
    await this.trail.saveLink(
      manager,
      change,
      key,
      record.id,
      null,
      canonical,
      contentHash(key.entityType, content),
    );
    await this.syncStates.save(manager, {
      ...recordKeyOf(key, record.id),
      system: data.system,
      state: 'synced',
      lastError: null,
      lastEventId: null,
      entityVersion: record.version,
    });
    await this.trail.record(manager, change, 'inbound.created', record.id, {
      version: record.version,
    });
    return 'created';
  }
}
