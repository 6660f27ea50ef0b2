import { crashPoint } from '@concord/config';
import type { CatalogEvent, ContentByEntityType, EntityType } from '@concord/model';

import type { ConnectorDefinition, MappedShapes } from '../definition/connector-definition';
import type {
  BudgetLane,
  ExistingLink,
  ExternalCallContext,
  UpsertResult,
} from '../definition/outbound-adapter';
import type { ResolvedConnection } from '../definition/resolved-connection';
import { backfillRunOf, type MatchingIndex } from '../matching/matching-index';
import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import { idempotencyKeyFor } from './idempotency-keys';

/** Looked up already this long before the provider's idempotency window closes. */
const IDEMPOTENCY_WINDOW_MARGIN_MS = 60 * 60 * 1000;

/** One record ready to be written (per record through `upsert`, or as an item of a batch). */
export interface PreparedUpsert<E extends EntityType> {
  existing: ExistingLink | null;
  mapped: MappedShapes[E];
  idempotencyKey: string;
  changedFields: readonly string[] | null;
}

export interface UpsertJob<TClient> {
  entityType: EntityType;
  event: CatalogEvent;
  connection: ResolvedConnection;
  scope: StateScope;
  ctx: ExternalCallContext<TClient>;
}

/**
 * Creates or updates the external record and remembers the link. Without a link it looks for a
 * record carrying the Concord id (an update of a record it never linked; a retry whose link write
 * was lost), and, for backfill snapshots, for one with the same matching key (email) before creating.
 * A snapshot of a backfill run looks both up in the run's matching index (built from list calls,
 * see `matching-index.ts`) when the adapter can list for it; anything else asks the system.
 */
export class UpsertWriter<TClient> {
  constructor(
    private readonly definition: Pick<ConnectorDefinition<TClient>, 'mappers' | 'outbound'>,
    private readonly state: ConnectorStateStore,
    private readonly now: () => number = Date.now,
    private readonly index: MatchingIndex<TClient> | null = null,
  ) {}

  async upsert<E extends EntityType>(
    job: UpsertJob<TClient> & { entityType: E },
    content: ContentByEntityType[E],
    hash: string,
    lane: BudgetLane,
    /** Look for a record with the same matching key before creating, as a backfill does. */
    matchByKeys = lane === 'backfill',
  ): Promise<UpsertResult> {
    const { entityType, event, ctx } = job;
    const prepared = await this.prepare(job, content, lane, matchByKeys);
    const result = await this.definition.outbound.upsert(
      entityType,
      event.data.entity.id,
      prepared.mapped,
      {
        ...ctx,
        idempotencyKey: prepared.idempotencyKey,
        existingExternalId: prepared.existing?.externalId ?? null,
        existing: prepared.existing,
        changedFields: prepared.changedFields,
        catalogChangedAt: event.data.entity.updatedAt,
        content,
      },
    );
    await this.remember(job, hash, prepared.existing, result);
    return result;
  }

  /** Everything the write of one record needs: its link (or a match), payload and changed fields. */
  async prepare<E extends EntityType>(
    job: UpsertJob<TClient> & { entityType: E },
    content: ContentByEntityType[E],
    lane: BudgetLane,
    matchByKeys: boolean,
    /** Look a record without a link up by its catalog id (false: the batch write finds it itself). */
    lookUpConcordId = true,
  ): Promise<PreparedUpsert<E>> {
    const { entityType, event, scope, ctx } = job;
    const entity = event.data.entity;
    const link = this.state.link(scope, entityType, entity.id);
    const existing: ExistingLink | null =
      link ?? (await this.findExisting(job, content, matchByKeys, lookUpConcordId));
    const mapped = this.definition.mappers[entityType].toExternal(content, {
      links: ctx.links,
      connection: job.connection,
    }) as MappedShapes[E];
    return {
      existing,
      mapped,
      idempotencyKey: idempotencyKeyFor(event.id),
      // Only a record both sides agreed on at the version before this one can be patched field by
      // field: after a failed or skipped version, the changed fields do not say all that differs.
      changedFields:
        link && lane === 'live' && link.version === entity.version - 1
          ? event.data.changedFields
          : null,
    };
  }

  /** After the external write: the link (a crash right before it is what the crash point tests). */
  async remember(
    job: UpsertJob<TClient>,
    hash: string,
    existing: ExistingLink | null,
    result: UpsertResult,
  ): Promise<void> {
    crashPoint('after-external-write');
    const entity = job.event.data.entity;
    await this.state.saveLink(job.scope, job.entityType, entity.id, {
      externalId: result.externalId,
      parts: result.parts ?? existing?.parts ?? {},
      contentHash: hash,
      updatedAt: entity.updatedAt,
      version: entity.version,
      writtenAt: new Date(this.now()).toISOString(),
    });
    const at = this.indexScope(job);
    if (at && !existing) await this.index?.remember(at, entity.id, result.externalId);
  }

  private async findExisting<E extends EntityType>(
    job: UpsertJob<TClient> & { entityType: E },
    content: ContentByEntityType[E],
    matchByKeys: boolean,
    lookUpConcordId: boolean,
  ): Promise<ExistingLink | null> {
    const { entityType, event, ctx } = job;
    const { outbound } = this.definition;
    const keys = matchByKeys
      ? keyValues(ctx.connection.settings.matchingKeys[entityType], content)
      : [];
    const at = matchByKeys ? this.indexScope(job) : null;
    if (at && this.index) {
      const found = await this.index.match(at, event.data.entity.id, keys, ctx);
      if (found !== undefined) return found === null ? null : { externalId: found, parts: {} };
    }
    // A first create needs no search while its idempotency key still guards against duplicates.
    const mayExist = event.data.operation !== 'created' || matchByKeys || this.keyExpired(event);
    if (lookUpConcordId && mayExist) {
      const byId = await outbound.findByConcordId?.(entityType, event.data.entity.id, ctx);
      if (byId) return { externalId: byId, parts: {} };
    }
    if (!matchByKeys || !outbound.findByMatchingKey) return null;
    for (const [key, value] of keys) {
      const match = await outbound.findByMatchingKey(entityType, key, value, ctx);
      if (match) return { externalId: match, parts: {} };
    }
    return null;
  }

  /** The matching index of the job's backfill run, or null outside a backfill run. */
  private indexScope(job: Pick<UpsertJob<TClient>, 'entityType' | 'event' | 'scope'>) {
    const run = this.index ? backfillRunOf(job.event) : null;
    return run === null ? null : { scope: job.scope, entityType: job.entityType, run };
  }

  /**
   * Whether the system may have forgotten this event's idempotency key: the event is older than
   * its window, less a margin for clocks and the time the call itself takes.
   */
  private keyExpired(event: CatalogEvent): boolean {
    const window = this.definition.outbound.idempotencyWindowMs;
    if (window === undefined) return false;
    return this.now() - Date.parse(event.time) >= window - IDEMPOTENCY_WINDOW_MARGIN_MS;
  }
}

/** The record's values of the connection's matching keys, in the keys' order (empty ones left out). */
function keyValues(
  keys: readonly string[] | undefined,
  content: unknown,
): Array<readonly [string, string]> {
  return (keys ?? []).flatMap((key) => {
    const value = (content as Record<string, unknown>)[key];
    return typeof value === 'string' && value !== '' ? [[key, value] as const] : [];
  });
}
