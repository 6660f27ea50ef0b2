import { runWithCorrelation } from '@concord/observability';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import type { IntegrationConnection } from '../../integrations/integration-connection.repository';
import { RecordWriters } from '../../records/record-writers';
import { ActivityRepository } from '../../sync/activity.repository';
import { SyncStateRepository } from '../../sync/sync-state.repository';
import { FieldClocksRepository } from '../changes/field-clocks.repository';
import { InboundChangeService } from '../changes/inbound-change.service';
import { type InboxKey, inboxKeyOf, InboxRepository } from '../changes/inbox.repository';
import { externalKeyOf } from '../identity-map/identity-link';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';
import { SyncOutcomeService } from '../outcomes/sync-outcome.service';
import { BatchConnections } from './batch-connections';
import {
  type BatchItem,
  type BatchItemResult,
  connectionKeyOf,
  externalKeyOfChange,
  externalKeyOfOutcome,
  inboxKeyOfChange,
} from './batch-item';
import { NoChangeScreen } from './no-change-screen';

/**
 * Applies the record-changing messages of one consumed batch (inbound changes and outcomes of
 * connector writes) in ONE transaction, in offset order, through the same services as one message
 * alone: the set-based reads first (inbox claims, identity links, records, field clocks and sync
 * states of the whole batch, one statement each), then each message, with activity and sync states
 * held back and written set-based at the end, and the inbox results in one statement. Changes that
 * change nothing are screened out before (no-change-screen.ts); a batch of only those opens no
 * transaction. Throws when the transaction fails: the caller then applies message by message.
 */
@Injectable()
export class InboundBatchApplier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly screen: NoChangeScreen,
    private readonly inbox: InboxRepository,
    private readonly connections: BatchConnections,
    private readonly links: IdentityLinkRepository,
    private readonly store: RecordWriters,
    private readonly clocks: FieldClocksRepository,
    private readonly syncStates: SyncStateRepository,
    private readonly activity: ActivityRepository,
    private readonly changes: InboundChangeService,
    private readonly outcomes: SyncOutcomeService,
  ) {}

  /** One result per item, in order. */
  async apply(items: readonly BatchItem[]): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = new Array<BatchItemResult>(items.length);
    const screened = await this.screen.screen(items);
    for (const [index, result] of screened) results[index] = result;
    const rest = items.flatMap((item, index) => (screened.has(index) ? [] : [{ item, index }]));
    if (rest.length === 0) return results;
    await this.dataSource.transaction(async (manager) => {
      this.activity.buffer(manager);
      this.syncStates.buffer(manager);
      try {
        const applied = await this.applyIn(manager, rest);
        for (const [index, result] of applied) results[index] = result;
        await this.activity.flush(manager);
        await this.syncStates.flush(manager);
      } finally {
        this.activity.discard(manager);
        this.syncStates.discard(manager);
        this.links.endPrefetch(manager);
        this.store.endPrefetch(manager);
        this.clocks.endPrefetch(manager);
        this.syncStates.endPrefetch(manager);
      }
    });
    return results;
  }

  private async applyIn(
    manager: EntityManager,
    rest: ReadonlyArray<{ item: BatchItem; index: number }>,
  ): Promise<Map<number, BatchItemResult>> {
    const changes = rest.flatMap(({ item }) => (item.kind === 'inbound' ? [item.change] : []));
    const claimed = await this.inbox.claimAll(manager, changes.map(inboxKeyOfChange));
    const connections = await this.connections.read(
      manager,
      changes.map((change) => ({ tenantId: change.tenant, system: change.data.system })),
    );
    await this.prefetch(manager, rest);
    const results = new Map<number, BatchItemResult>();
    const inboxResults: Array<{ key: InboxKey; result: Record<string, unknown> }> = [];
    const taken = new Set<string>();
    for (const { item, index } of rest) {
      if (item.kind === 'outcome') {
        const { outcome } = item;
        const result = await runWithCorrelation(item.correlationId, () =>
          this.outcomes.applyIn(manager, outcome),
        );
        results.set(index, result);
        continue;
      }
      const key = inboxKeyOfChange(item.change);
      // Claimed by this batch, and by the first of its messages with that source event only.
      if (!claimed.has(inboxKeyOf(key)) || taken.has(inboxKeyOf(key))) {
        results.set(index, 'duplicate');
        continue;
      }
      taken.add(inboxKeyOf(key));
      const connection: IntegrationConnection | null =
        connections.get(connectionKeyOf(item.change.tenant, item.change.data.system)) ?? null;
      const { change } = item;
      const result = await runWithCorrelation(item.correlationId, () =>
        this.changes.applyClaimed(manager, change, connection),
      );
      results.set(index, result);
      inboxResults.push({ key, result: { result } });
    }
    await this.inbox.setResults(manager, inboxResults);
    return results;
  }

  /** The batch's identity links, records, field clocks and sync states: one query each. */
  private async prefetch(
    manager: EntityManager,
    rest: ReadonlyArray<{ item: BatchItem }>,
  ): Promise<void> {
    const changes = rest.flatMap(({ item }) => (item.kind === 'inbound' ? [item.change] : []));
    const outcomes = rest.flatMap(({ item }) => (item.kind === 'outcome' ? [item.outcome] : []));
    // The outcomes' external records too: an outcome takes over a link its record's echo got.
    const linked = await this.links.prefetch(manager, [
      ...changes.map(externalKeyOfChange),
      ...outcomes.flatMap((outcome) => externalKeyOfOutcome(outcome) ?? []),
    ]);
    const links = changes.flatMap((change) => {
      const link = linked.get(externalKeyOf(externalKeyOfChange(change)));
      return link ? [{ change, entityId: link.entityId }] : [];
    });
    await this.store.prefetch(manager, [
      ...links.map(({ change, entityId }) => ({
        entityType: change.data.entityType,
        tenantId: change.tenant,
        id: entityId,
      })),
      ...outcomes.map((outcome) => ({
        entityType: outcome.data.entityType,
        tenantId: outcome.tenant,
        id: outcome.data.entityId,
      })),
    ]);
    await this.clocks.prefetchLastChanges(
      manager,
      links
        .filter(({ change }) => change.data.operation !== 'delete')
        .map(({ change, entityId }) => ({
          tenantId: change.tenant,
          entityType: change.data.entityType,
          entityId,
          excludedOrigin: change.data.system,
        })),
    );
    await this.syncStates.prefetch(
      manager,
      outcomes.map((outcome) => ({
        tenantId: outcome.tenant,
        entityType: outcome.data.entityType,
        entityId: outcome.data.entityId,
        system: outcome.data.system,
      })),
    );
  }
}
