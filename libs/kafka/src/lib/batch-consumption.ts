import { crashPoint } from '@concord/config';
import { EachBatchPayload } from 'kafkajs';

import { BatchProcessor } from './batch-processor';
import { ProcessedEvent } from './consumed-message';
import { Delivery, readDelivery, RecordPosition } from './delivery';
import { MessageHeaderMap } from './headers';
import { MessageProcessor } from './message-processor';
import { PartitionBacklog } from './partition-backlog';
import { PartitionControl } from './partition-control';

export interface BatchConsumptionOptions {
  groupId: string;
  /** Batch mode: the most messages handed to the batch handler at once (500 by default). */
  maxBatchMessages?: number;
  onProcessed?: (event: ProcessedEvent) => void;
  /** False once the runner is stopping: no further message is started. */
  isRunning: () => boolean;
  partitionControl: PartitionControl;
  /** Batch mode: lets messages ask whether records were written behind their batch. */
  backlog?: Pick<PartitionBacklog, 'behind'>;
  /** Batch mode: a redelivered message that may ask again (see `ConsumerRunnerOptions`). */
  redeliverAgain?: (headers: Readonly<MessageHeaderMap>) => boolean;
  now: () => number;
}

const partitionKey = (p: RecordPosition): string => `${p.topic}\u0000${p.partition}`;

const positionKey = (p: RecordPosition): string =>
  `${p.topic}\u0000${p.partition}\u0000${p.offset}`;

/**
 * What the runner does with one fetched batch of a partition: per message (one commit each), or,
 * in batch mode, the due messages at once (one produce request, then one commit).
 */
export class BatchConsumption {
  /** Attempts made on messages deferred without a retry topic (lost on restart, which is safe). */
  private readonly deferredAttempts = new Map<string, number>();
  /** Per partition, the last offset of a chunk redelivered on a handler's `redeliver` answer. */
  private readonly redelivered = new Map<string, bigint>();

  constructor(private readonly options: BatchConsumptionOptions) {}

  /** Forgets the attempts of deferred messages (the runner is stopping). */
  clear(): void {
    this.deferredAttempts.clear();
    this.redelivered.clear();
  }

  /**
   * Batch mode: the due messages of the batch (in chunks of `maxBatchMessages`) go to the batch
   * handler together; what they produce goes out in one request, then one commit covers them. A
   * retry-topic message not due yet ends the chunk there: the partition waits for it. A message
   * the handler answers `redeliver` for is committed before and read again with what was written
   * behind it (see `backlogBehind`: once per message).
   */
  async eachBatchAtOnce(payload: EachBatchPayload, processor: BatchProcessor): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { partitionControl: partitions, now } = this.options;
    const running = (): boolean => this.options.isRunning() && isRunning();
    const chunkSize = Math.max(1, this.options.maxBatchMessages ?? 500);
    const deliveries = batch.messages.map((raw) => readDelivery(batch.topic, batch.partition, raw));
    for (let start = 0; start < deliveries.length;) {
      if (!this.options.isRunning() || !isRunning() || isStale()) return;
      const started = now();
      const chunk = deliveries.slice(start, start + chunkSize);
      const notDue = chunk.findIndex((d) => this.isOurs(d) && d.notBefore > started);
      const due = notDue === -1 ? chunk : chunk.slice(0, notDue);
      const ours = this.withBacklog(
        due.filter((d) => this.isOurs(d)),
        chunk.length < deliveries.length - start,
      );
      const result = await processor.process(ours, heartbeat, running);
      if (result.kind === 'abandoned') return;
      if (result.redeliverFrom !== undefined) {
        this.redeliver(payload, due, ours, result.redeliverFrom, result.outcomes, started);
        return;
      }
      const last = due[due.length - 1];
      if (last !== undefined) {
        crashPoint(`before-offset-commit:${this.options.groupId}`);
        resolveOffset(last.position.offset);
        await partitions.commit(payload, last.position.offset);
        this.reportProcessed(ours, result.outcomes, now() - started);
        await heartbeat();
      }
      if (notDue !== -1) {
        const waiting = chunk[notDue] as Delivery;
        if (running()) {
          partitions.deferPartition(payload, waiting.position.offset, waiting.notBefore - now());
        }
        return;
      }
      start += chunk.length;
    }
  }

  /**
   * Commits the chunk before the message its handler wants again, then reads the partition again
   * from there (as for a message not due yet, without the wait): the chunk is not redelivered so
   * twice.
   */
  private async redeliver(
    payload: EachBatchPayload,
    due: readonly Delivery[],
    ours: readonly Delivery[],
    from: number,
    outcomes: ReadonlyArray<{ outcome: ProcessedEvent['outcome']; attempts: number }>,
    started: number,
  ): Promise<void> {
    const again = ours[from] as Delivery;
    const at = due.indexOf(again);
    const before = due[at - 1];
    if (before !== undefined) {
      crashPoint(`before-offset-commit:${this.options.groupId}`);
      payload.resolveOffset(before.position.offset);
      await this.options.partitionControl.commit(payload, before.position.offset);
    }
    this.reportProcessed(ours.slice(0, from), outcomes, this.options.now() - started);
    const last = due[due.length - 1] as Delivery;
    this.redelivered.set(partitionKey(last.position), BigInt(last.position.offset));
    if (this.options.isRunning() && payload.isRunning()) {
      this.options.partitionControl.deferPartition(payload, again.position.offset, 0);
    }
  }

  /**
   * The chunk's messages, each able to ask whether records were written behind the chunk (more of
   * the batch, or of the partition now), except those redelivered once already (unless
   * `redeliverAgain` says they may be again).
   */
  private withBacklog(chunk: readonly Delivery[], moreInBatch: boolean): Delivery[] {
    const { backlog } = this.options;
    const last = chunk[chunk.length - 1];
    if (!backlog || !last) return [...chunk];
    const { topic, partition, offset } = last.position;
    const redeliveredUpTo = this.redelivered.get(partitionKey(last.position)) ?? -1n;
    const behind = moreInBatch
      ? () => Promise.resolve(true)
      : () => backlog.behind(topic, partition, offset);
    const again = this.options.redeliverAgain;
    return chunk.map((d) =>
      BigInt(d.position.offset) <= redeliveredUpTo && !again?.(d.message.headers)
        ? d
        : { ...d, message: { ...d.message, backlogBehind: behind } },
    );
  }

  /** Per-message mode: one message at a time, one commit per message. */
  async eachMessage(payload: EachBatchPayload, processor: MessageProcessor): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { partitionControl: partitions, now } = this.options;
    const running = (): boolean => this.options.isRunning() && isRunning();
    for (const raw of batch.messages) {
      if (!this.options.isRunning() || !isRunning() || isStale()) return;
      const started = now();
      const delivery = readDelivery(batch.topic, batch.partition, raw);
      const key = positionKey(delivery.position);
      if (!this.isOurs(delivery)) {
        // Another group's retry on a shared retry topic: not ours to handle.
        resolveOffset(raw.offset);
        await partitions.commit(payload, raw.offset);
        continue;
      }
      const attemptsSoFar = Math.max(
        delivery.previousAttempts,
        this.deferredAttempts.get(key) ?? 0,
      );
      const result = await processor.process(delivery, attemptsSoFar, heartbeat, running);
      if (result.kind === 'defer') {
        if (running()) {
          this.deferredAttempts.set(key, result.attempts);
          partitions.deferPartition(payload, raw.offset, result.delayMs);
        }
        return;
      }
      this.deferredAttempts.delete(key);
      crashPoint(`before-offset-commit:${this.options.groupId}`);
      resolveOffset(raw.offset);
      await partitions.commit(payload, raw.offset);
      const { topic, partition, offset } = delivery.message;
      this.options.onProcessed?.({
        topic,
        partition,
        offset,
        durationMs: now() - started,
        outcome: result.outcome,
        attempts: result.attempts,
      });
      await heartbeat();
    }
  }

  /** Another group's retry on a shared retry topic is not ours to handle (only to commit past). */
  private isOurs(delivery: Delivery): boolean {
    return delivery.retryGroup === undefined || delivery.retryGroup === this.options.groupId;
  }

  private reportProcessed(
    deliveries: readonly Delivery[],
    outcomes: ReadonlyArray<{ outcome: ProcessedEvent['outcome']; attempts: number }>,
    durationMs: number,
  ): void {
    const { onProcessed } = this.options;
    if (!onProcessed) return;
    for (const [index, delivery] of deliveries.entries()) {
      const result = outcomes[index];
      if (!result) continue;
      const { topic, partition, offset } = delivery.message;
      onProcessed({ topic, partition, offset, durationMs, ...result });
    }
  }
}
