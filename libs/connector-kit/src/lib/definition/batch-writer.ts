import type { ConcordError } from '@concord/errors';
import type { ContentByEntityType, EntityType } from '@concord/model';

import type { BudgetLane, ExistingLink, ExternalCallContext } from './outbound-adapter';

/** What a batch does to each of its records: create or update them, or delete them. */
export type BatchOperation = 'upsert' | 'delete';

/** One record of a batch: everything its write needs, as the per-record `upsert` gets it. */
export interface BatchItem<E extends EntityType, TMapped> {
  /** The catalog id of the record. */
  entityId: string;
  /** `toExternal`'s payload; null in a delete batch. */
  mapped: TMapped | null;
  /** The canonical content the payload was mapped from (as the catalog holds it now). */
  content: ContentByEntityType[E];
  /** The link the kit holds (always set in a delete batch), or null to create. */
  existing: ExistingLink | null;
  /** `concord-<eventId>`: the same catalog event always writes this record with the same key. */
  idempotencyKey: string;
  /** Content fields the catalog says changed; null: write everything. */
  changedFields: readonly string[] | null;
  /** When the catalog changed the record (the event's `updatedAt`, ISO 8601). */
  catalogChangedAt: string;
}

/** Records of ONE entity type and ONE operation, for ONE connection, at most `maxBatchSize`. */
export interface WriteBatch<E extends EntityType, TMapped> {
  entityType: E;
  operation: BatchOperation;
  /** Each record at most once (the kit keeps only its newest version). */
  items: ReadonlyArray<BatchItem<E, TMapped>>;
}

/** What became of one record of a batch (results come back in the order of the items). */
export type BatchItemResult =
  /** Written: the kit stores the link and reports the record synced. */
  | {
      status: 'written';
      externalId: string;
      externalVersion: string | null;
      /** Ids of parts written alongside; absent keeps the parts the link already had. */
      parts?: Record<string, string>;
    }
  /** Not written this time (5xx, 429, timeout...): the kit retries this record alone, later. */
  | { status: 'retryable'; error: ConcordError }
  /** Refused for good (validation, not found...): reported failed and dead-lettered. */
  | { status: 'permanent'; error: ConcordError };

/**
 * Context of a batch call. `call(step, key => request)` takes `tokensPerCall` tokens of the shared
 * rate budget for the request and hands it the batch's own idempotency key (derived from the
 * items' keys, so a redelivered batch of the same events replays the same call).
 */
export type BatchWriteContext<TClient> = ExternalCallContext<TClient>;

/**
 * The optional batch capability of an outbound adapter, for systems with a bulk endpoint
 * (Salesforce composite: 200 records a call; Xero: 50 contacts a call). Without it the kit
 * writes a batch record by record through the adapter's `upsert`/`delete` (Stripe).
 */
export interface BatchWriter<TClient, TMapped extends Record<EntityType, unknown>> {
  /** The most records one call of the system accepts, per entity type (absent: not batched). */
  maxBatchSize: Partial<Record<EntityType, number>>;
  /**
   * Operations `writeBatch` takes: upserts by default; with `'delete'` too, deletes of a batched
   * entity type come as delete batches (items with `existing`, `mapped` null), each result
   * `written` when the record is gone (already gone included).
   */
  operations?: readonly BatchOperation[];
  /** Rate-budget tokens one batch call costs (what the system charges for it); 1 by default. */
  tokensPerCall?: number;
  /**
   * Per lane, how long a call short of `maxBatchSize` waits for records of the same connection,
   * entity type and lane that batches consumed at the same time (other partitions) bring, to go in
   * the same call; absent or 0 sends each consumed batch's records on their own. A backfill can
   * wait longer than live changes. The merged call's key covers the merged items, which a
   * redelivery may merge differently: only where a write is safe without the key (an upsert by
   * external id; a create refused for a natural key already there, then updated by that key).
   */
  lingerMs?: Partial<Record<BudgetLane, number>>;
  /**
   * Per lane, the linger of delete calls (absent: `lingerMs`). Deletes come from clean-ups (many
   * records deleted together, reaching the connector over several outbox polls and fetches) and
   * no user waits on them, so a system charging per call can wait longer to gather them.
   */
  deleteLingerMs?: Partial<Record<BudgetLane, number>>;
  /**
   * With `lingerMs`: calls of one connection, entity type and lane out at once (`rateLimit.
   * concurrency` by default); the records beyond wait and are composed into the next call when
   * one answers, rather than fixed in calls that would wait long for the rate budget.
   */
  callsInFlight?: number;
  /** Writes the batch; returns exactly one result per item, in the items' order. */
  writeBatch<E extends EntityType>(
    batch: WriteBatch<E, TMapped[E]>,
    ctx: BatchWriteContext<TClient>,
  ): Promise<BatchItemResult[]>;
  /**
   * Entity types whose batch write finds by itself a record already carrying the catalog id (Xero:
   * a create refused because its ContactNumber is taken is written again keyed by it), so the kit
   * makes no per-record `findByConcordId` call before batching an item without a link (backfill,
   * a lost link): one call per record would cost more than the batch. Matching keys
   * (`matchingKeys`) are still looked up record by record.
   */
  findsByConcordId?: Partial<Record<EntityType, boolean>>;
}
