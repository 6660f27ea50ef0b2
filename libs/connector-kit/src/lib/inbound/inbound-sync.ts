import { randomBytes } from 'node:crypto';

import type { EntityType } from '@concord/model';

import type { ConnectionEntry } from '../connections/connection-state';
import { syncsInbound } from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { CanonicalRecord } from '../definition/entity-mapper';
import type { InboundChangeDraft, PollSource } from '../definition/inbound-source';
import { childLogger, type KitLogger } from '../definition/kit-logger';
import type { ExternalCaller } from '../outbound/external-caller';
import { completeContentHash } from '../state/complete-content-hash';
import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import type { InboundPublisher } from './inbound-publisher';

const BATCH = 100;

/** How many records a listing looked at and how many it published. */
export interface ListingReport {
  seen: number;
  published: number;
}

/** Where a listing stands: told at each type's start and after each batch. */
export type ListingProgress = (progress: ListingReport & { entityType: EntityType }) => void;

export function pollCursorName(stream: string): string {
  return `poll.${stream}`;
}

/**
 * Inbound work that is not a webhook: polling a stream from its durable cursor, and listing every
 * external record for reconciliation or backfill. Listings skip records whose content equals what
 * both sides last agreed on (the link's hash) and publish the rest; the catalog matches, merges
 * and ignores equal content.
 */
export class InboundSync<TClient> {
  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly state: ConnectorStateStore,
    private readonly caller: ExternalCaller,
    private readonly publisher: InboundPublisher,
    private readonly logger: KitLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads one stream from its cursor, publishes what changed, then moves the cursor. */
  async poll(
    entry: ConnectionEntry<TClient>,
    source: PollSource<TClient>,
    reason: 'poll' | 'reconciliation',
  ): Promise<number> {
    const connection = entry.resolved;
    if (!connection) return 0;
    const scope = { tenant: connection.tenant, connectionId: connection.connectionId };
    const log = childLogger(this.logger, { ...scope, stream: source.stream, reason });
    const ctx = this.caller.context(entry, 'live', log);
    const cursorName = pollCursorName(source.stream);
    const cursor = this.state.cursor(scope, cursorName);
    const { changes, nextCursor } = await source.poll(cursor, ctx);
    const wanted = changes.filter((change) => syncsInbound(connection.settings, change.entityType));
    await this.publisher.publish(connection, wanted, reason);
    if (nextCursor !== null && nextCursor !== cursor) {
      await this.state.saveCursor(scope, cursorName, nextCursor);
    }
    if (wanted.length > 0) log.info({ published: wanted.length }, 'polled changes published');
    return wanted.length;
  }

  /** Lists every external record of the synced entity types and publishes the ones that differ. */
  async list(
    entry: ConnectionEntry<TClient>,
    reason: 'reconciliation' | 'backfill',
    onProgress: ListingProgress = () => undefined,
  ): Promise<ListingReport> {
    const connection = entry.resolved;
    const report: ListingReport = { seen: 0, published: 0 };
    if (!connection) return report;
    const scope = { tenant: connection.tenant, connectionId: connection.connectionId };
    const runId = randomBytes(4).toString('hex');
    const log = childLogger(this.logger, { ...scope, reason, runId });
    const ctx = this.caller.context(entry, 'backfill', log);
    for (const entityType of this.definition.entityTypes) {
      if (!syncsInbound(connection.settings, entityType)) continue;
      onProgress({ ...report, entityType });
      let batch: InboundChangeDraft[] = [];
      for await (const external of this.definition.inbound.listAll(entityType, ctx)) {
        report.seen += 1;
        if (report.seen % BATCH === 0) onProgress({ ...report, entityType });
        const record = this.definition.mappers[entityType].toCanonical(external, {
          links: ctx.links,
          connection,
        });
        if (record.deleted || this.agreesWithLink(scope, entityType, record)) continue;
        batch.push(this.draft(entityType, record, reason, runId));
        if (batch.length >= BATCH) {
          report.published += (await this.publisher.publish(connection, batch, reason)).length;
          batch = [];
        }
      }
      report.published += (await this.publisher.publish(connection, batch, reason)).length;
    }
    log.info({ ...report }, `${reason} listing done`);
    return report;
  }

  private agreesWithLink<E extends EntityType>(
    scope: StateScope,
    entityType: E,
    record: CanonicalRecord<E>,
  ): boolean {
    const entityId = this.state.lookup(scope).entityId(entityType, record.externalId);
    const link = entityId === null ? null : this.state.link(scope, entityType, entityId);
    // Only a complete record can be compared: partial content (or external references) is published.
    if (!link?.contentHash) return false;
    return completeContentHash(entityType, record.content) === link.contentHash;
  }

  private draft<E extends EntityType>(
    entityType: E,
    record: CanonicalRecord<E>,
    reason: string,
    runId: string,
  ): InboundChangeDraft {
    return {
      entityType,
      externalId: record.externalId,
      operation: 'upsert',
      sourceEventId: `${reason}-${runId}-${record.externalId}`.slice(0, 255),
      changedAt: record.changedAt ?? this.now().toISOString(),
      externalVersion: record.externalVersion,
      content: record.content,
      catalogId: record.catalogId,
    } as InboundChangeDraft;
  }
}
