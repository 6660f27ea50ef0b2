import { randomUUID } from 'node:crypto';

import type { Admin, Consumer, Kafka } from 'kafkajs';

import { type KafkaLogger, silentKafkaLogger } from './kafka-logger';

/** One record of a compacted topic: its key and value (null for a tombstone). */
export interface CompactedRecord {
  key: string;
  value: Buffer | null;
  partition: number;
  offset: string;
}

/** Asks for the topic's end offsets this many times while a partition has no leader yet. */
const OFFSET_ATTEMPTS = 20;
const OFFSET_RETRY_MS = 250;

interface CatchUpWaiter {
  targets: Map<number, number>;
  resolve: () => void;
}

/**
 * Reads a compacted topic as a table, the way Kafka Connect reads its offsets topic: every replica
 * reads all of it from the beginning (a group of its own, so nothing is shared or committed), then
 * keeps following it. `start()` resolves once everything written before it was read.
 */
export class CompactedTopicReader {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly groupId: string;
  private readonly consumed = new Map<number, number>();
  private readonly waiters = new Set<CatchUpWaiter>();
  private started = false;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    private readonly onRecord: (record: CompactedRecord) => void | Promise<void>,
    private readonly logger: KafkaLogger = silentKafkaLogger,
  ) {
    this.groupId = `reader-${topic}-${randomUUID()}`;
    this.consumer = kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 200 });
    this.admin = kafka.admin();
  }

  /** Subscribes from the beginning and resolves once the topic's current end has been read. */
  async start(): Promise<void> {
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      // Nothing is committed: every start reads the whole table again, and a killed replica leaves
      // no offsets behind for its throwaway group.
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        await this.onRecord({
          key: message.key?.toString('utf8') ?? '',
          value: message.value,
          partition,
          offset: message.offset,
        });
        this.consumed.set(partition, Number(message.offset) + 1);
        this.settleWaiters();
      },
    });
    this.started = true;
    await this.catchUp();
  }

  /** Resolves once everything on the topic now has been read (another replica's recent writes). */
  async catchUp(): Promise<void> {
    const offsets = await this.endOffsets();
    const targets = new Map<number, number>();
    for (const { partition, high, low } of offsets) {
      if (Number(high) > Number(low)) targets.set(partition, Number(high));
    }
    await new Promise<void>((resolve) => {
      const waiter: CatchUpWaiter = { targets, resolve };
      if (this.isSatisfied(waiter)) return resolve();
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.consumer.disconnect().catch(() => undefined);
    // The group was this process's alone: leave nothing behind in the broker.
    await this.admin.deleteGroups([this.groupId]).catch((error: unknown) => {
      this.logger.debug({ groupId: this.groupId, err: String(error) }, 'reader group not deleted');
    });
    await this.admin.disconnect().catch(() => undefined);
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }

  /**
   * Right after the topic was created, or the broker restarted, a partition may have no leader
   * yet (NOT_LEADER_FOR_PARTITION, LEADER_NOT_AVAILABLE): such retriable errors are asked again
   * rather than failing the start of the whole connector.
   */
  private async endOffsets(): ReturnType<Admin['fetchTopicOffsets']> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.admin.fetchTopicOffsets(this.topic);
      } catch (error) {
        const retriable = (error as { retriable?: unknown }).retriable === true;
        if (!retriable || attempt >= OFFSET_ATTEMPTS) throw error;
        this.logger.debug({ topic: this.topic, attempt, err: String(error) }, 'offsets retried');
        await new Promise((resolve) => setTimeout(resolve, OFFSET_RETRY_MS));
      }
    }
  }

  private isSatisfied(waiter: CatchUpWaiter): boolean {
    for (const [partition, target] of waiter.targets) {
      if ((this.consumed.get(partition) ?? 0) < target) return false;
    }
    return true;
  }

  private settleWaiters(): void {
    for (const waiter of this.waiters) {
      if (!this.isSatisfied(waiter)) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
  }
}
