import {
  contentHash,
  contentOf,
  type EntityType,
  type InboundChange,
  type InboundContentByEntityType,
  type RecordByEntityType,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { RecordWriters } from '../../records/record-writers';
import { SyncStateRepository } from '../../sync/sync-state.repository';
import { stateKeyOf } from '../../sync/sync-state-keys';
import { ignoreReason } from '../changes/inbound-change.service';
import { InboundContentMapper } from '../changes/inbound-content.mapper';
import { inboxKeyOf, InboxRepository } from '../changes/inbox.repository';
import { externalKeyOf, type IdentityLink } from '../identity-map/identity-link';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';
import { BatchConnections } from './batch-connections';
import {
  type BatchItem,
  connectionKeyOf,
  externalKeyOfChange,
  inboxKeyOfChange,
} from './batch-item';

/** What the screen found for an inbound change: nothing to apply, so no transaction for it. */
export type ScreenedResult = 'duplicate' | 'unchanged';

interface Candidate {
  index: number;
  change: InboundChange;
  link: IdentityLink;
}

/**
 * Decides, from a handful of set-based reads outside any transaction, which inbound changes of a
 * batch change nothing: an applied source event (the inbox has it), or an upsert identical to the
 * record as held (an echo, a listing that read the record again): linked, its fields equal to the
 * record's and to the baseline, the baseline's hash the record's, the record's sync state
 * `synced` without error at its version, and neither its change time nor its external version
 * past the link's staleness mark. Applied, such a change would write exactly what is there; it
 * yields no outcome, no event and no transaction, and is not entered in the inbox either
 * (applying it again changes nothing again). A change with a contest report (`reported`,
 * `previous`) always takes the transaction (overwritten-report.ts), and so does any record that
 * two messages of the batch touch, and a change that would move the staleness mark (a newer
 * version of the same content: the link records it, nothing else).
 */
@Injectable()
export class NoChangeScreen {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inbox: InboxRepository,
    private readonly links: IdentityLinkRepository,
    private readonly store: RecordWriters,
    private readonly syncStates: SyncStateRepository,
    private readonly content: InboundContentMapper,
    private readonly connections: BatchConnections,
  ) {}

  async screen(items: readonly BatchItem[]): Promise<Map<number, ScreenedResult>> {
    const screened = new Map<number, ScreenedResult>();
    const changes = items.flatMap((item, index) =>
      item.kind === 'inbound' ? [{ index, change: item.change }] : [],
    );
    if (changes.length === 0) return screened;
    const manager = this.dataSource.manager;
    const applied = await this.inbox.applied(
      manager,
      changes.map(({ change }) => inboxKeyOfChange(change)),
    );
    for (const { index, change } of changes) {
      if (applied.has(inboxKeyOf(inboxKeyOfChange(change)))) screened.set(index, 'duplicate');
    }
    const candidates = await this.candidates(manager, items, changes, screened);
    for (const index of await this.unchanged(manager, candidates)) screened.set(index, 'unchanged');
    return screened;
  }

  /** Linked upserts without a contest report, of records no other message of the batch touches. */
  private async candidates(
    manager: EntityManager,
    items: readonly BatchItem[],
    changes: ReadonlyArray<{ index: number; change: InboundChange }>,
    screened: ReadonlyMap<number, ScreenedResult>,
  ): Promise<Candidate[]> {
    const touches = new Map<string, number>();
    for (const { change } of changes) {
      const key = externalKeyOf(externalKeyOfChange(change));
      touches.set(key, (touches.get(key) ?? 0) + 1);
    }
    const upserts = changes.filter(
      ({ index, change }) =>
        !screened.has(index) &&
        change.data.operation !== 'delete' &&
        change.data.reported === undefined &&
        change.data.previous === undefined &&
        touches.get(externalKeyOf(externalKeyOfChange(change))) === 1,
    );
    if (upserts.length === 0) return [];
    const links = await this.links.readByExternalIds(
      manager,
      upserts.map(({ change }) => externalKeyOfChange(change)),
      false,
    );
    const outcomeEntities = new Set(
      items.flatMap((item) => (item.kind === 'outcome' ? [item.outcome.data.entityId] : [])),
    );
    const linkedEntities = new Map<string, number>();
    for (const link of links.values()) {
      linkedEntities.set(link.entityId, (linkedEntities.get(link.entityId) ?? 0) + 1);
    }
    return upserts.flatMap(({ index, change }) => {
      const link = links.get(externalKeyOf(externalKeyOfChange(change)));
      if (!link || outcomeEntities.has(link.entityId) || linkedEntities.get(link.entityId) !== 1) {
        return [];
      }
      return [{ index, change, link }];
    });
  }

  private async unchanged(manager: EntityManager, candidates: Candidate[]): Promise<number[]> {
    if (candidates.length === 0) return [];
    const records = new Map<string, RecordByEntityType[EntityType]>();
    const groups = new Map<string, Candidate[]>();
    for (const candidate of candidates) {
      const group = `${candidate.change.data.entityType}\u0000${candidate.change.tenant}`;
      groups.set(group, [...(groups.get(group) ?? []), candidate]);
    }
    for (const members of groups.values()) {
      const { entityType } = members[0].change.data;
      const tenantId = members[0].change.tenant;
      const ids = members.map((member) => member.link.entityId);
      for (const record of await this.store.readMany(manager, entityType, tenantId, ids)) {
        records.set(`${entityType}\u0000${tenantId}\u0000${record.id}`, record);
      }
    }
    const stateKey = ({ change, link }: Candidate) => ({
      tenantId: change.tenant,
      entityType: change.data.entityType,
      entityId: link.entityId,
      system: change.data.system,
    });
    const states = await this.syncStates.readMany(manager, candidates.map(stateKey), false);
    const connections = await this.connections.read(
      manager,
      candidates.map(({ change }) => ({ tenantId: change.tenant, system: change.data.system })),
    );
    const unchanged: number[] = [];
    for (const candidate of candidates) {
      const { change, link } = candidate;
      const { entityType } = change.data;
      const record = records.get(`${entityType}\u0000${change.tenant}\u0000${link.entityId}`);
      const state = states.get(stateKeyOf(stateKey(candidate)));
      const connection =
        connections.get(connectionKeyOf(change.tenant, change.data.system)) ?? null;
      if (
        !record ||
        record.deletedAt !== null ||
        state?.state !== 'synced' ||
        state.lastError !== null ||
        state.entityVersion !== record.version ||
        ignoreReason(connection, change) !== null
      ) {
        continue;
      }
      if (await this.isEcho(manager, change, link, record)) unchanged.push(candidate.index);
    }
    return unchanged;
  }

  private async isEcho(
    manager: EntityManager,
    change: InboundChange,
    link: IdentityLink,
    record: RecordByEntityType[EntityType],
  ): Promise<boolean> {
    const { data } = change;
    // Applied, it would move the link's staleness mark: then it is not nothing (a later change
    // older than it must still be dropped as stale).
    const mark = link.lastInboundChangedAt;
    if (mark === null || new Date(data.changedAt).getTime() > mark.getTime()) return false;
    if (data.externalVersion != null && data.externalVersion !== link.externalVersion) return false;
    const current = contentOf(data.entityType, record) as Record<string, unknown>;
    if (link.lastSyncedHash !== contentHash(data.entityType, current as never)) return false;
    const baseline = link.lastSyncedContent;
    if (baseline === null) return false;
    const incoming = await this.content.toCanonical(
      manager,
      { tenantId: change.tenant, system: data.system, entityType: data.entityType },
      data.content as InboundContentByEntityType[EntityType],
      record,
    );
    const same = this.content.sameValue(data.entityType);
    return Object.entries(incoming).every(
      ([field, value]) =>
        field in baseline &&
        same(field, value, current[field]) &&
        same(field, value, baseline[field]),
    );
  }
}
