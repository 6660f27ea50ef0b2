import type { DistributedLock } from '@concord/auth';
import { crashPoint } from '@concord/config';
import { classifyError, type ConcordError } from '@concord/errors';
import { type CatalogEvent, contentHash, contentOf, type EntityType } from '@concord/model';

import type { AttentionFlags } from '../connections/attention-flags';
import { authAttentionReason } from '../connections/attention-reason';
import type { ConnectionRegistry } from '../connections/connection-registry';
import {
  type ConnectionEntry,
  connectionState,
  syncsOutbound,
} from '../connections/connection-state';
import type { BatchItemResult } from '../definition/batch-writer';
import type { ConnectorDefinition } from '../definition/connector-definition';
import { childLogger, type KitLogger } from '../definition/kit-logger';
import type {
  BudgetLane,
  ExistingLink,
  ExternalCallContext,
  UpsertResult,
} from '../definition/outbound-adapter';
import type { ResolvedConnection } from '../definition/resolved-connection';
import { DeferredRetryError, retryDelayMs } from '../errors/deferred-retry.error';
import { MatchingIndex } from '../matching/matching-index';
import type { MatchingIndexStore } from '../matching/matching-index-store';
import type { KitMetrics } from '../metrics/kit-metrics';
import { completeContentHash } from '../state/complete-content-hash';
import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import type { WrittenVersions } from '../state/written-versions';
import { allowanceExhaustedReason, isAllowanceExhausted } from '../status/daily-allowance';
import { BatchCombiner } from './batch-combiner';
import {
  type BatchRecord,
  batchSender,
  BatchUpserts,
  type BatchUpsertSteps,
  type DeleteIntent,
  type WriteIntent,
} from './batch-upserts';
import { parseCatalogEvent } from './catalog-event-parser';
import { adoptCatalogLinks } from './catalog-link-adopter';
import { DependencyGate } from './dependency-gate';
import type { ExternalCaller } from './external-caller';
import { idempotencyKeyFor } from './idempotency-keys';
import { linkHintFrom } from './link-hint';
import {
  echoNeedsCheck,
  echoOverwritten,
  isEcho,
  isStale,
  isUnchanged,
  laneOf,
  laterTime,
  wantsResync,
} from './outbound-decisions';
import type { OutcomePublisher, OutcomeReport } from './outcome-publisher';
import { RECORD_LOCK_TTL_MS, recordLockKey } from './record-lock';
import type { ParkableMessage, RetryParker } from './retry-parker';
import { UpsertWriter } from './upsert-writer';

/** What keeps one record's writes in version order across every replica. */
export interface RecordOrdering {
  /** One record's messages run one at a time, across replicas when backed by Redis. */
  lock: DistributedLock;
  writtenVersions: WrittenVersions;
}

export interface OutboundProcessorOptions {
  retryTopic: string;
  maxAttempts: number;
  pausedRetryDelayMs: number;
  /**
   * True while catalog-service's answer to this connector's connections request may still be on
   * its way: an event of a tenant with no connection yet is parked rather than dropped, since its
   * connection may be in that answer (after a broker lost the connections topic).
   */
  awaitingConnections?: () => boolean;
}

/** On a message parked while its tenant's connection was awaited (see `awaitingConnections`). */
export const AWAITED_CONNECTION_HEADER = 'x-concord-awaited-connection';

/** What happened to one message (for tests and metrics). */
export type OutboundResult =
  | 'synced'
  | 'skipped-echo'
  | 'skipped-unchanged'
  | 'skipped-stale'
  | 'skipped-not-synced'
  | 'skipped-nothing-to-delete'
  | 'parked';

export interface Job<TClient> {
  entityType: EntityType;
  event: CatalogEvent;
  entry: ConnectionEntry<TClient>;
  connection: ResolvedConnection;
  scope: StateScope;
  attempt: number;
  ctx: ExternalCallContext<TClient>;
  /** The catalog asked this system's connector to write even unchanged content (resync header). */
  resync: boolean;
  headers: Readonly<Record<string, string>>;
}

/**
 * Writes one catalog event to the external system: filters (connection enabled, direction, entity
 * type), echo suppression (origin, then last-synced content), stale-retry dropping, dependency
 * ordering, idempotent upsert or delete through the adapter, link keeping and outcome publication.
 * Failures are classified: retryable ones are deferred with a delay growing per attempt, auth
 * failures flag the connection and park the message, permanent ones are reported and dead-lettered.
 */
export class OutboundProcessor<TClient> {
  private readonly gate: DependencyGate<TClient>;
  private readonly writer: UpsertWriter<TClient>;
  private readonly combiner: BatchCombiner<BatchRecord<TClient>, BatchItemResult>;

  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly registry: ConnectionRegistry<TClient>,
    private readonly attention: AttentionFlags,
    private readonly state: ConnectorStateStore,
    private readonly caller: ExternalCaller,
    private readonly outcomes: OutcomePublisher,
    private readonly parker: RetryParker,
    private readonly metrics: KitMetrics,
    private readonly logger: KitLogger,
    private readonly ordering: RecordOrdering,
    private readonly options: OutboundProcessorOptions,
    /** Where backfill runs keep their matching indexes; without it, matching is per record. */
    matchingIndexes?: MatchingIndexStore,
  ) {
    this.gate = new DependencyGate(definition, state);
    const index = matchingIndexes
      ? new MatchingIndex(definition.outbound, matchingIndexes, ordering.lock)
      : null;
    this.writer = new UpsertWriter(definition, state, Date.now, index);
    this.combiner = new BatchCombiner(batchSender(definition, caller));
  }

  async handle(message: ParkableMessage): Promise<OutboundResult> {
    const admitted = await this.admit(message);
    if ('result' in admitted) return admitted.result;
    const { job, lane } = admitted;
    // One record's messages never run at once, in any replica: an old version parked on the retry
    // topic and a newer one on the catalog topic arrive on different partitions, maybe elsewhere.
    return this.ordering.lock.withLock(recordKeyOf(job), RECORD_LOCK_TTL_MS, async () => {
      try {
        return this.count(job.entityType, await this.process(job, lane));
      } catch (thrown) {
        return this.count(
          job.entityType,
          await this.fail(job, message, lane, classifyError(thrown)),
        );
      }
    });
  }

  /**
   * Upserts of one entity type for one connection, written through the adapter's `writeBatch`
   * (see `batch-upserts.ts`): every record is admitted, locked and checked as `handle` does, those
   * still to be written go out in calls of at most `maxBatchSize` records, and each record's
   * result is then handled as `handle` would. Returns, per message, its result or the error
   * `handle` would have thrown.
   */
  handleUpsertBatch(
    messages: readonly ParkableMessage[],
  ): Promise<Array<OutboundResult | ConcordError>> {
    return new BatchUpserts<TClient>(this.batchSteps()).run(messages);
  }

  /**
   * Deletes of one entity type for one connection through the adapter's `writeBatch` (when it
   * takes deletes): checked as `handle` checks them, under their record locks, then written in
   * calls of at most `maxBatchSize`, each record's result handled as one delete's would be.
   */
  handleDeleteBatch(
    messages: readonly ParkableMessage[],
  ): Promise<Array<OutboundResult | ConcordError>> {
    return new BatchUpserts<TClient>(this.batchSteps(), 'delete').run(messages);
  }

  private batchSteps(): BatchUpsertSteps<TClient> {
    return {
      definition: this.definition,
      combiner: this.combiner,
      writer: this.writer,
      lock: this.ordering.lock,
      logger: this.logger,
      admit: (message) => this.admit(message),
      decide: async (job, lane) => {
        const decided = await this.decide(job, lane);
        if (typeof decided === 'object' && 'delete' in decided) {
          throw new Error('a delete reached the upsert batch');
        }
        return decided;
      },
      decideDelete: async (job, lane) => {
        const decided = await this.decide(job, lane, true);
        if (typeof decided === 'object' && 'content' in decided) {
          throw new Error('an upsert reached the delete batch');
        }
        return decided;
      },
      deleted: (job, externalId) => this.deleted(job, externalId),
      written: (job, hash, result) => this.written(job, hash, result),
      fail: async (job, message, lane, error) => {
        try {
          return this.count(job.entityType, await this.fail(job, message, lane, error));
        } catch (thrown) {
          return classifyError(thrown);
        }
      },
      count: (entityType, result) => this.count(entityType, result),
    };
  }

  /** The checks before a record's lock: a result already, or the job to run under the lock. */
  private async admit(
    message: ParkableMessage,
  ): Promise<{ result: OutboundResult } | { job: Job<TClient>; lane: BudgetLane }> {
    const { entityType, event } = parseCatalogEvent(message.value);
    const entry = this.registry.forTenant(event.tenant);
    const lane = laneOf(message.topic, this.options.retryTopic, message.headers);
    if (!entry && this.options.awaitingConnections?.()) {
      // Marked: it may predate the connection (the catalog's snapshot covers those), so when it
      // comes back it is matched against the system's records before anything is created.
      await this.parker.park(
        { ...message, headers: { ...message.headers, [AWAITED_CONNECTION_HEADER]: '1' } },
        this.options.pausedRetryDelayMs,
        lane,
      );
      return { result: this.count(entityType, 'parked') };
    }
    if (!entry || !syncsOutbound(entry.settings, entityType)) {
      return { result: this.count(entityType, 'skipped-not-synced') };
    }
    const state = connectionState(entry);
    if (state !== 'active' || entry.resolved === null) {
      await this.parker.park(message, this.options.pausedRetryDelayMs, lane);
      return { result: this.count(entityType, 'parked') };
    }
    const connection = entry.resolved;
    const log = childLogger(this.logger, {
      tenant: event.tenant,
      connectionId: connection.connectionId,
      eventId: event.id,
      entityType,
      entityId: event.subject,
      correlationId: event.correlationId,
      attempt: message.attempt,
    });
    const job: Job<TClient> = {
      entityType,
      event,
      entry,
      connection,
      scope: { tenant: connection.tenant, connectionId: connection.connectionId },
      attempt: message.attempt,
      ctx: this.caller.context(entry, lane, log, idempotencyKeyFor(event.id)),
      resync: wantsResync(message.headers, this.definition.system),
      headers: message.headers,
    };
    return { job, lane };
  }

  private async process(job: Job<TClient>, lane: BudgetLane): Promise<OutboundResult> {
    const decided = await this.decide(job, lane);
    if (typeof decided === 'string') return decided;
    if ('delete' in decided) throw new Error('a deferred delete outside a delete batch');
    const result = await this.writer.upsert(
      job,
      decided.content,
      decided.hash,
      lane,
      decided.matchByKeys,
    );
    return this.written(job, decided.hash, result);
  }

  /** After the write and its link: the version register moves up and the outcome says synced. */
  private async written(
    job: Job<TClient>,
    hash: string,
    result: UpsertResult,
  ): Promise<OutboundResult> {
    await this.ordering.writtenVersions.advance(recordKeyOf(job), job.event.data.entity.version);
    await this.report(job, 'synced', result.externalId, result.externalVersion, hash);
    return 'synced';
  }

  /**
   * Everything before the write: a result when there is nothing to write (stale, echo, unchanged,
   * a delete, done here), else what to write. Throws DEPENDENCY_NOT_READY for a missing dependency.
   */
  private async decide(
    job: Job<TClient>,
    lane: BudgetLane,
    deferDelete = false,
  ): Promise<OutboundResult | WriteIntent | DeleteIntent> {
    const { entityType, event, scope } = job;
    const entity = event.data.entity;
    await adoptCatalogLinks(this.state, scope, job.headers, this.definition.system, job.ctx.log);
    const link = this.state.link(scope, entityType, entity.id);
    if (isStale(await this.lastWrittenVersion(job), entity.version)) return 'skipped-stale';
    const content = contentOf(entityType, entity);
    const hash = event.data.operation === 'deleted' ? null : contentHash(entityType, content);
    // An echo the catalog asks to have written (resync): it knows the system holds another value.
    if (isEcho(event.origin, this.definition.system) && !job.resync) {
      if (!(await this.echoOverwritten(job, hash))) return this.acceptEcho(job, hash);
      // The catalog took this system's value, but the connector's own write replaced it there
      // meanwhile: written back, or the two sides would cross over for good.
      job.ctx.log.info({ version: entity.version }, 'echo written back over our own later write');
    } else if (event.data.operation === 'deleted') {
      if (!deferDelete) return this.delete(job);
      const target = await this.deleteTarget(job);
      return typeof target === 'string' ? target : { delete: target };
    }
    if (hash !== null && isUnchanged(link, hash) && !job.resync) {
      if (link && (link.version ?? 0) < entity.version) {
        await this.state.saveLink(scope, entityType, entity.id, {
          ...link,
          updatedAt: entity.updatedAt,
          version: entity.version,
        });
      }
      await this.report(job, 'skipped', link?.externalId ?? null, null, hash);
      return 'skipped-unchanged';
    }
    await this.gate.ensureLinked(entityType, content, job.ctx);
    const awaited = job.headers[AWAITED_CONNECTION_HEADER] === '1';
    return { content, hash: hash as string, matchByKeys: lane === 'backfill' || awaited };
  }

  /** Whether the system holds what the connector last wrote instead of the echo's content. */
  private async echoOverwritten(job: Job<TClient>, hash: string | null): Promise<boolean> {
    const link = this.state.link(job.scope, job.entityType, job.event.data.entity.id);
    const read = this.definition.outbound.readContent;
    if (!link || !read || !echoNeedsCheck(link, hash)) return false;
    const held = await read(job.entityType, link.externalId, job.ctx);
    const heldHash = held === null ? null : completeContentHash(job.entityType, held);
    return echoOverwritten(link, hash, heldHash);
  }

  /**
   * The catalog applied a change observed in this very system: nothing to write back. The link
   * learns the content both sides now hold, and, for a record first seen externally, which
   * catalog id it got (from the correlation id catalog-service carried over).
   */
  private async acceptEcho(job: Job<TClient>, hash: string | null): Promise<OutboundResult> {
    const { entityType, event, scope } = job;
    const entity = event.data.entity;
    const link = this.state.link(scope, entityType, entity.id);
    if (event.data.operation === 'deleted') {
      if (link) {
        await this.state.markDeleted(scope, entityType, entity.id, link.externalId, {
          updatedAt: laterTime(link.updatedAt, entity.updatedAt),
          version: Math.max(link.version ?? 0, entity.version),
        });
      }
      await this.report(job, 'skipped', link?.externalId ?? null, null, null);
      return 'skipped-echo';
    }
    const hint = linkHintFrom(event.correlationId, this.definition.system);
    const externalId =
      link?.externalId ?? (hint?.entityType === entityType ? hint.externalId : null);
    const newer = link?.version === undefined || link.version < entity.version;
    if (
      externalId !== null &&
      (link?.contentHash !== hash || link.externalId !== externalId || newer)
    ) {
      await this.state.saveLink(scope, entityType, entity.id, {
        externalId,
        parts: link?.parts ?? {},
        contentHash: hash,
        updatedAt: link ? laterTime(link.updatedAt, entity.updatedAt) : entity.updatedAt,
        // Both sides hold this version's content, unless a newer one was written already.
        version: newer ? entity.version : link?.version,
      });
    }
    await this.report(job, 'skipped', externalId, null, hash);
    return 'skipped-echo';
  }

  private async delete(job: Job<TClient>): Promise<OutboundResult> {
    const target = await this.deleteTarget(job);
    if (typeof target === 'string') return target;
    const { entityType, event, ctx } = job;
    const { externalId, existing } = target;
    await this.definition.outbound.delete(entityType, externalId, {
      ...ctx,
      idempotencyKey: idempotencyKeyFor(event.id),
      existingExternalId: externalId,
      existing,
      changedFields: null,
      catalogChangedAt: event.data.entity.updatedAt,
    });
    return this.deleted(job, externalId);
  }

  /** The external record a delete removes, or its result when there is none. */
  private async deleteTarget(
    job: Job<TClient>,
  ): Promise<OutboundResult | { externalId: string; existing: ExistingLink }> {
    const { entityType, event, scope, ctx } = job;
    const entityId = event.data.entity.id;
    const link = this.state.link(scope, entityType, entityId);
    const externalId =
      link?.externalId ??
      (await this.definition.outbound.findByConcordId?.(entityType, entityId, ctx)) ??
      null;
    if (externalId === null) {
      await this.report(job, 'skipped', null, null, null);
      return 'skipped-nothing-to-delete';
    }
    return { externalId, existing: { externalId, parts: link?.parts ?? {} } };
  }

  /** After the external delete: a tombstone link, the version register, the synced outcome. */
  private async deleted(job: Job<TClient>, externalId: string): Promise<OutboundResult> {
    const { entityType, event, scope } = job;
    const entityId = event.data.entity.id;
    const link = this.state.link(scope, entityType, entityId);
    crashPoint('after-external-write');
    const deletedAt = event.data.entity.updatedAt;
    await this.state.markDeleted(scope, entityType, entityId, externalId, {
      updatedAt: link ? laterTime(link.updatedAt, deletedAt) : deletedAt,
      version: event.data.entity.version,
    });
    await this.ordering.writtenVersions.advance(recordKeyOf(job), event.data.entity.version);
    await this.report(job, 'synced', externalId, null, null);
    return 'synced';
  }

  /** The newest version written for the record, by any replica (or known from the state topic). */
  private async lastWrittenVersion(job: Job<TClient>): Promise<number | null> {
    const shared = await this.ordering.writtenVersions.latest(recordKeyOf(job));
    const known = this.state.lastWrittenVersion(job.scope, job.entityType, job.event.subject);
    if (shared === null) return known;
    return known === null ? shared : Math.max(shared, known);
  }

  private async fail(
    job: Job<TClient>,
    message: ParkableMessage,
    lane: BudgetLane,
    error: ConcordError,
  ): Promise<OutboundResult> {
    const original = error instanceof DeferredRetryError ? error.original : error;
    if (isAllowanceExhausted(original)) {
      // The provider's daily allocation is used up: the connection pauses (every replica), the
      // message waits without spending an attempt, and a probe that works again resumes it.
      job.ctx.log.warn({ code: original.code }, 'daily API allowance used up; connection paused');
      await this.attention.flag(job.scope, allowanceExhaustedReason(this.definition.system));
      await this.report(job, 'failed', null, null, null, original);
      await this.parker.park(message, this.options.pausedRetryDelayMs, lane);
      return 'parked';
    }
    if (original.category === 'auth') {
      // A revoked key: the connection needs a person; the message waits instead of dying.
      job.ctx.log.warn(
        { code: original.code },
        'authentication refused; connection needs attention',
      );
      await this.attention.flag(job.scope, authAttentionReason(this.definition.system, original));
      await this.report(job, 'failed', null, null, null, original);
      await this.parker.park(message, this.options.pausedRetryDelayMs, lane);
      return 'parked';
    }
    const lastAttempt = job.attempt >= this.options.maxAttempts;
    if (!original.retryable || lastAttempt) {
      job.ctx.log.error(
        { code: original.code, category: original.category },
        'outbound write failed',
      );
      await this.report(job, 'failed', null, null, null, original);
      throw original;
    }
    const hinted = 'retryAfterMs' in original ? Number(original.retryAfterMs) : 0;
    throw new DeferredRetryError(original, Math.max(hinted, retryDelayMs(job.attempt)));
  }

  private report(
    job: Job<TClient>,
    status: OutcomeReport['status'],
    externalId: string | null,
    externalVersion: string | null,
    hash: string | null,
    error: ConcordError | null = null,
  ): Promise<unknown> {
    return this.outcomes.publish(job.event, job.connection.connectionId, {
      status,
      externalId,
      externalVersion,
      contentHash: status === 'failed' ? null : hash,
      error,
      attempt: job.attempt,
    });
  }

  private count(entityType: EntityType, result: OutboundResult): OutboundResult {
    const [kind, ...reason] = result.split('-');
    this.metrics.outbound(entityType, kind, reason.join('-') || kind);
    return result;
  }
}

function recordKeyOf(job: {
  scope: StateScope;
  entityType: EntityType;
  event: CatalogEvent;
}): string {
  return recordLockKey(job.scope, job.entityType, job.event.subject);
}
