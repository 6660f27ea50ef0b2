import type { DistributedLock } from '@concord/auth';
import type { ConcordError } from '@concord/errors';
import type { ContentByEntityType, EntityType } from '@concord/model';

import type { BatchItemResult } from '../definition/batch-writer';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { KitLogger } from '../definition/kit-logger';
import type { BudgetLane, ExistingLink, UpsertResult } from '../definition/outbound-adapter';
import type { BatchCombiner } from './batch-combiner';
import type { BatchRecord } from './batch-sender';
import type { Job, OutboundResult } from './outbound-job';
import type { ParkableMessage } from './retry-parker';
import type { UpsertWriter } from './upsert-writer';

/** A record the checks left to be written. */
export interface WriteIntent {
  content: ContentByEntityType[EntityType];
  hash: string;
  /** Look for a record with the same matching key before creating (backfill, awaited connection). */
  matchByKeys: boolean;
}

/** A delete the checks left to be written: the external record it removes. */
export interface DeleteIntent {
  delete: { externalId: string; existing: ExistingLink };
}

/** The OutboundProcessor's own steps, shared with the batch path. */
export interface BatchUpsertSteps<TClient> {
  definition: ConnectorDefinition<TClient>;
  /** Sends records in calls of the adapter's `writeBatch`, merged across concurrent batches. */
  combiner: BatchCombiner<BatchRecord<TClient>, BatchItemResult>;
  writer: UpsertWriter<TClient>;
  lock: DistributedLock;
  logger: KitLogger;
  admit(
    message: ParkableMessage,
  ): Promise<{ result: OutboundResult } | { job: Job<TClient>; lane: BudgetLane }>;
  decide(job: Job<TClient>, lane: BudgetLane): Promise<OutboundResult | WriteIntent>;
  /** A delete's checks: its result already, or the record to remove. */
  decideDelete(job: Job<TClient>, lane: BudgetLane): Promise<OutboundResult | DeleteIntent>;
  written(job: Job<TClient>, hash: string, result: UpsertResult): Promise<OutboundResult>;
  /** After an external delete: tombstone, version register, outcome. */
  deleted(job: Job<TClient>, externalId: string): Promise<OutboundResult>;
  /** `fail`, with what it throws returned instead. */
  fail(
    job: Job<TClient>,
    message: ParkableMessage,
    lane: BudgetLane,
    error: ConcordError,
  ): Promise<OutboundResult | ConcordError>;
  count(entityType: EntityType, result: OutboundResult): OutboundResult;
}
