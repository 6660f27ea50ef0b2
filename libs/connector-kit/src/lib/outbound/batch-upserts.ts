import type { DistributedLock } from '@concord/auth';
import { classifyError, type ConcordError } from '@concord/errors';
import { contentOf, type EntityType, MessageHeaders } from '@concord/model';

import type { BatchItemResult, BatchOperation } from '../definition/batch-writer';
import { childLogger } from '../definition/kit-logger';
import type { BudgetLane, UpsertResult } from '../definition/outbound-adapter';
import { HANDED_BACK, type HandedBack } from './batch-combiner';
import type { BatchRecord } from './batch-sender';
import type { BatchUpsertSteps, DeleteIntent, WriteIntent } from './batch-upsert-steps';
import { idempotencyKeyFor } from './idempotency-keys';
import type { Job, OutboundResult } from './outbound-job';
import { batchSizeFor } from './record-by-record-writer';
import { RECORD_LOCK_TTL_MS, recordLockKey } from './record-lock';
import type { ParkableMessage } from './retry-parker';
import type { PreparedUpsert } from './upsert-writer';

interface Admitted<TClient> {
  index: number;
  message: ParkableMessage;
  job: Job<TClient>;
  lane: BudgetLane;
}

/** An upsert (intent and prepared payload) or a delete (target) left to be written. */
type Pending<TClient> = Admitted<TClient> &
  (
    | { intent: WriteIntent; prepared: PreparedUpsert<EntityType>; target?: undefined }
    | { target: DeleteIntent['delete']; intent?: undefined; prepared?: undefined }
  );

/** A record's outcome; `HANDED_BACK` when its message is to be read again (see the combiner). */
type Outcome = OutboundResult | ConcordError | HandedBack;

/**
 * Upserts of one entity type for one connection through the adapter's `writeBatch`. Every record
 * goes through the checks `handle` makes, under its record lock (all of the batch's locks, taken
 * in key order so replicas never deadlock); those left to write go out per lane in calls of at
 * most `maxBatchSize` records, each call costing `tokensPerCall` tokens and keyed by its items'
 * keys (a redelivered batch replays the same call); each record's result is then handled as one
 * record's would be (link, version register, outcome; or retry, park, dead letter).
 */
export class BatchUpserts<TClient> {
  constructor(
    private readonly steps: BatchUpsertSteps<TClient>,
    private readonly operation: BatchOperation = 'upsert',
  ) {}

  async run(messages: readonly ParkableMessage[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = messages.map(() => 'skipped-not-synced');
    const admitted: Array<Admitted<TClient>> = [];
    for (const [index, message] of messages.entries()) {
      try {
        const checked = await this.steps.admit(message);
        if ('result' in checked) outcomes[index] = checked.result;
        else admitted.push({ index, message, ...checked });
      } catch (thrown) {
        outcomes[index] = classifyError(thrown);
      }
    }
    const keys = [...new Set(admitted.map((a) => lockKeyOf(a.job)))].sort();
    await withLocks(this.steps.lock, keys, async () => {
      // Announced under the locks: a partial call of the same key waits for these records too.
      const announced = countByCallKey(admitted, this.operation);
      for (const [key, count] of announced) this.steps.combiner.announce(key, count);
      try {
        const pending = await this.check(admitted, outcomes);
        const handedIn = countByCallKey(pending, this.operation);
        for (const [key, count] of announced) {
          this.steps.combiner.withdraw(key, count - (handedIn.get(key) ?? 0));
          announced.set(key, handedIn.get(key) ?? 0);
        }
        const writes: Array<Promise<void>> = [];
        for (const lane of ['live', 'backfill'] as const) {
          const ofLane = pending.filter((p) => p.lane === lane);
          const first = ofLane[0];
          if (first === undefined) continue;
          const size = batchSizeFor(this.steps.definition.outbound.batch, first.job.entityType);
          for (let start = 0; start < ofLane.length; start += size) {
            const chunk = ofLane.slice(start, start + size);
            const key = callKeyOf(first.job, this.operation, lane);
            announced.set(key, (announced.get(key) ?? 0) - chunk.length);
            writes.push(this.write(chunk, lane, outcomes));
          }
        }
        await Promise.all(writes);
      } finally {
        for (const [key, count] of announced) this.steps.combiner.withdraw(key, count);
      }
    });
    return outcomes;
  }

  private async check(
    admitted: ReadonlyArray<Admitted<TClient>>,
    outcomes: Outcome[],
  ): Promise<Array<Pending<TClient>>> {
    const pending: Array<Pending<TClient>> = [];
    for (const one of admitted) {
      try {
        if (this.operation === 'delete') {
          const decided = await this.steps.decideDelete(one.job, one.lane);
          if (typeof decided === 'string') {
            outcomes[one.index] = this.steps.count(one.job.entityType, decided);
          } else {
            pending.push({ ...one, target: decided.delete });
          }
          continue;
        }
        const decided = await this.steps.decide(one.job, one.lane);
        if (typeof decided === 'string') {
          outcomes[one.index] = this.steps.count(one.job.entityType, decided);
          continue;
        }
        const prepared = await this.steps.writer.prepare(
          one.job,
          decided.content,
          one.lane,
          decided.matchByKeys,
          this.steps.definition.outbound.batch?.findsByConcordId?.[one.job.entityType] !== true,
        );
        pending.push({ ...one, intent: decided, prepared });
      } catch (thrown) {
        outcomes[one.index] = await this.steps.fail(
          one.job,
          one.message,
          one.lane,
          classifyError(thrown),
        );
      }
    }
    return pending;
  }

  private async write(
    chunk: ReadonlyArray<Pending<TClient>>,
    lane: BudgetLane,
    outcomes: Outcome[],
  ): Promise<void> {
    const first = chunk[0];
    if (!first) return;
    const { entityType, connection, entry } = first.job;
    const log = childLogger(this.steps.logger, {
      tenant: connection.tenant,
      connectionId: connection.connectionId,
      entityType,
    });
    const records: Array<BatchRecord<TClient>> = chunk.map((p) => ({
      entry,
      lane,
      log,
      entityType,
      operation: this.operation,
      item: {
        entityId: p.job.event.data.entity.id,
        mapped: p.prepared?.mapped ?? null,
        content: p.intent?.content ?? contentOf(entityType, p.job.event.data.entity),
        existing: p.prepared ? p.prepared.existing : p.target.existing,
        idempotencyKey: p.prepared?.idempotencyKey ?? idempotencyKeyFor(p.job.event.id),
        changedFields: p.prepared?.changedFields ?? null,
        catalogChangedAt: p.job.event.data.entity.updatedAt,
      },
    }));
    const callKey = callKeyOf(first.job, this.operation, lane);
    const writer = this.steps.definition.outbound.batch;
    const results = await this.steps.combiner.write(
      callKey,
      {
        maxSize: batchSizeFor(writer, entityType),
        lingerMs:
          (this.operation === 'delete' ? writer?.deleteLingerMs?.[lane] : undefined) ??
          writer?.lingerMs?.[lane] ??
          0,
        maxInFlight: writer?.callsInFlight ?? this.steps.definition.rateLimit.concurrency,
      },
      records,
      { announced: true, ...backlogOf(chunk, lane) },
    );
    for (const [i, pending] of chunk.entries()) {
      outcomes[pending.index] = await this.settle(pending, results[i]);
    }
  }

  private async settle(
    pending: Pending<TClient>,
    result: BatchItemResult | HandedBack | undefined,
  ): Promise<Outcome> {
    const { job, message, lane, intent, prepared, target } = pending;
    if (result === undefined) return 'skipped-not-synced';
    if (result === HANDED_BACK) return HANDED_BACK;
    if (result.status !== 'written') {
      return this.steps.fail(job, message, lane, result.error);
    }
    try {
      if (target) {
        return this.steps.count(job.entityType, await this.steps.deleted(job, target.externalId));
      }
      const written: UpsertResult = {
        externalId: result.externalId,
        externalVersion: result.externalVersion,
        parts: result.parts,
      };
      await this.steps.writer.remember(job, intent.hash, prepared.existing, written);
      return this.steps.count(job.entityType, await this.steps.written(job, intent.hash, written));
    } catch (thrown) {
      return this.steps.fail(job, message, lane, classifyError(thrown));
    }
  }
}

/**
 * A backfill chunk may be handed back when its messages can tell whether records were written
 * behind them (all of one partition's batch: they share the question). Live changes never are.
 * Such a chunk may also wait for more while the snapshot says more records of its type follow.
 */
function backlogOf<TClient>(
  chunk: ReadonlyArray<Pending<TClient>>,
  lane: BudgetLane,
): { backlogBehind?: () => Promise<boolean>; moreFollows?: boolean } {
  const ask = chunk[0]?.message.backlogBehind;
  if (lane !== 'backfill' || !ask) return {};
  if (!chunk.every((p) => p.message.backlogBehind)) return {};
  const moreFollows = chunk.every(
    (p) => p.message.headers[MessageHeaders.snapshotContinues] === 'true',
  );
  return { backlogBehind: ask, ...(moreFollows ? { moreFollows } : {}) };
}

/** The combiner's key of a record's call: connection, entity type, operation and lane. */
function callKeyOf<TClient>(
  job: Job<TClient>,
  operation: BatchOperation,
  lane: BudgetLane,
): string {
  const { tenant, connectionId } = job.connection;
  return `${tenant}:${connectionId}:${job.entityType}:${operation}:${lane}`;
}

function countByCallKey<TClient>(
  records: ReadonlyArray<{ job: Job<TClient>; lane: BudgetLane }>,
  operation: BatchOperation,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { job, lane } of records) {
    const key = callKeyOf(job, operation, lane);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function lockKeyOf<TClient>(job: Job<TClient>): string {
  return recordLockKey(job.scope, job.entityType, job.event.subject);
}

/** Takes every lock, one inside the other, then runs `work`. */
function withLocks<T>(
  lock: DistributedLock,
  keys: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const [first, ...rest] = keys;
  if (first === undefined) return work();
  return lock.withLock(first, RECORD_LOCK_TTL_MS, () => withLocks(lock, rest, work));
}
