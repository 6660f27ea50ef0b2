import { classifyError, type ConcordError } from '@concord/errors';

import type { AttentionFlags } from '../connections/attention-flags';
import type { ConnectionRegistry } from '../connections/connection-registry';
import type { BatchItemResult } from '../definition/batch-writer';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { KitLogger } from '../definition/kit-logger';
import type { BudgetLane, UpsertResult } from '../definition/outbound-adapter';
import { MatchingIndex } from '../matching/matching-index';
import type { MatchingIndexStore } from '../matching/matching-index-store';
import type { KitMetrics } from '../metrics/kit-metrics';
import type { ConnectorStateStore } from '../state/connector-state-store';
import { BatchCombiner, type HandedBack } from './batch-combiner';
import { type BatchRecord, batchSender } from './batch-sender';
import type { BatchUpsertSteps } from './batch-upsert-steps';
import { BatchUpserts } from './batch-upserts';
import { DependencyGate } from './dependency-gate';
import type { ExternalCaller } from './external-caller';
import { JobOutcomes } from './job-outcomes';
import { OutboundAdmission } from './outbound-admission';
import { OutboundDeletes } from './outbound-deletes';
import { OutboundFailures } from './outbound-failures';
import {
  type Job,
  type OutboundProcessorOptions,
  type OutboundResult,
  recordKeyOf,
  type RecordOrdering,
} from './outbound-job';
import type { OutcomePublisher } from './outcome-publisher';
import { RECORD_LOCK_TTL_MS } from './record-lock';
import type { ParkableMessage, RetryParker } from './retry-parker';
import { UpsertWriter } from './upsert-writer';
import { WriteDecider } from './write-decider';

export {
  AWAITED_CONNECTION_HEADER,
  type Job,
  type OutboundProcessorOptions,
  type OutboundResult,
  type RecordOrdering,
} from './outbound-job';

/**
 * Writes one catalog event to the external system: filters (connection enabled, direction, entity
 * type), echo suppression (origin, then last-synced content), stale-retry dropping, dependency
 * ordering, idempotent upsert or delete through the adapter, link keeping and outcome publication.
 * Failures are classified: retryable ones are deferred with a delay growing per attempt, auth
 * failures flag the connection and park the message, permanent ones are reported and dead-lettered.
 *
 * The pieces: admission (`outbound-admission.ts`), the decision before a write
 * (`write-decider.ts`), the upsert path (`upsert-writer.ts`; in batches `batch-upserts.ts`, its
 * calls `batch-sender.ts`), the delete path (`outbound-deletes.ts`) and failure handling
 * (`outbound-failures.ts`).
 */
export class OutboundProcessor<TClient> {
  private readonly admission: OutboundAdmission<TClient>;
  private readonly decider: WriteDecider<TClient>;
  private readonly deletes: OutboundDeletes<TClient>;
  private readonly failures: OutboundFailures<TClient>;
  private readonly jobOutcomes: JobOutcomes;
  private readonly writer: UpsertWriter<TClient>;
  private readonly combiner: BatchCombiner<BatchRecord<TClient>, BatchItemResult>;

  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    registry: ConnectionRegistry<TClient>,
    attention: AttentionFlags,
    state: ConnectorStateStore,
    caller: ExternalCaller,
    outcomes: OutcomePublisher,
    parker: RetryParker,
    metrics: KitMetrics,
    private readonly logger: KitLogger,
    private readonly ordering: RecordOrdering,
    options: OutboundProcessorOptions,
    /** Where backfill runs keep their matching indexes; without it, matching is per record. */
    matchingIndexes?: MatchingIndexStore,
  ) {
    this.jobOutcomes = new JobOutcomes(outcomes, metrics);
    this.admission = new OutboundAdmission(
      definition,
      registry,
      caller,
      parker,
      this.jobOutcomes,
      logger,
      options,
    );
    this.deletes = new OutboundDeletes(
      definition,
      state,
      ordering.writtenVersions,
      this.jobOutcomes,
    );
    this.decider = new WriteDecider(
      definition,
      state,
      new DependencyGate(definition, state),
      ordering.writtenVersions,
      this.deletes,
      this.jobOutcomes,
    );
    this.failures = new OutboundFailures(definition, attention, parker, this.jobOutcomes, options);
    const index = matchingIndexes
      ? new MatchingIndex(definition.outbound, matchingIndexes, ordering.lock)
      : null;
    this.writer = new UpsertWriter(definition, state, Date.now, index);
    this.combiner = new BatchCombiner(batchSender(definition, caller));
  }

  async handle(message: ParkableMessage): Promise<OutboundResult> {
    const admitted = await this.admission.admit(message);
    if ('result' in admitted) return admitted.result;
    const { job, lane } = admitted;
    // One record's messages never run at once, in any replica: an old version parked on the retry
    // topic and a newer one on the catalog topic arrive on different partitions, maybe elsewhere.
    return this.ordering.lock.withLock(recordKeyOf(job), RECORD_LOCK_TTL_MS, async () => {
      try {
        return this.count(job, await this.process(job, lane));
      } catch (thrown) {
        return this.count(job, await this.failures.fail(job, message, lane, classifyError(thrown)));
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
  ): Promise<Array<OutboundResult | ConcordError | HandedBack>> {
    return new BatchUpserts<TClient>(this.batchSteps()).run(messages);
  }

  /**
   * Deletes of one entity type for one connection through the adapter's `writeBatch` (when it
   * takes deletes): checked as `handle` checks them, under their record locks, then written in
   * calls of at most `maxBatchSize`, each record's result handled as one delete's would be.
   */
  handleDeleteBatch(
    messages: readonly ParkableMessage[],
  ): Promise<Array<OutboundResult | ConcordError | HandedBack>> {
    return new BatchUpserts<TClient>(this.batchSteps(), 'delete').run(messages);
  }

  private batchSteps(): BatchUpsertSteps<TClient> {
    return {
      definition: this.definition,
      combiner: this.combiner,
      writer: this.writer,
      lock: this.ordering.lock,
      logger: this.logger,
      admit: (message) => this.admission.admit(message),
      decide: async (job, lane) => {
        const decided = await this.decider.decide(job, lane);
        if (typeof decided === 'object' && 'delete' in decided) {
          throw new Error('a delete reached the upsert batch');
        }
        return decided;
      },
      decideDelete: async (job, lane) => {
        const decided = await this.decider.decide(job, lane, true);
        if (typeof decided === 'object' && 'content' in decided) {
          throw new Error('an upsert reached the delete batch');
        }
        return decided;
      },
      deleted: (job, externalId) => this.deletes.deleted(job, externalId),
      written: (job, hash, result) => this.written(job, hash, result),
      fail: async (job, message, lane, error) => {
        try {
          return this.count(job, await this.failures.fail(job, message, lane, error));
        } catch (thrown) {
          return classifyError(thrown);
        }
      },
      count: (entityType, result) => this.jobOutcomes.count(entityType, result),
    };
  }

  private async process(job: Job<TClient>, lane: BudgetLane): Promise<OutboundResult> {
    const decided = await this.decider.decide(job, lane);
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
    await this.jobOutcomes.report(job, 'synced', result.externalId, result.externalVersion, hash);
    return 'synced';
  }

  private count(job: Job<TClient>, result: OutboundResult): OutboundResult {
    return this.jobOutcomes.count(job.entityType, result);
  }
}
