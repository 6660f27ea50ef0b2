import { crashPoint } from '@concord/config';
import { ConcordError } from '@concord/errors';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';

import { exponentialDelay } from './backoff';
import { ConsumedMessage, MessageHandler, ProcessedEvent } from './consumed-message';
import { readDelivery, RecordPosition } from './delivery';
import { KafkaLogger, silentKafkaLogger } from './kafka-logger';
import { KafkaPublisher } from './kafka-publisher';
import { MessageProcessor } from './message-processor';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';
import { TopicAdmin } from './topic-admin';

export interface ConsumerRunnerOptions {
  client: Kafka;
  groupId: string;
  /** Topic names, or a RegExp matched against the topics that exist when the runner starts. */
  topics: string[] | RegExp | Array<string | RegExp>;
  handler: MessageHandler;
  /** Writes dead letters and retry-topic records (connected by `start()`). */
  publisher: Pick<KafkaPublisher, 'connect' | 'send'>;
  fromBeginning?: boolean;
  /** 30000 by default; tests use a few seconds so a dead member's partitions move fast. */
  sessionTimeoutMs?: number;
  /** How often the runner heartbeats, also while a handler runs; a tenth of the session timeout by default. */
  heartbeatIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Defaults to `dlq.<groupId>.v1`. */
  deadLetterTopic?: string;
  /** When set, retryable failures past the in-place attempts move here instead of holding the partition. */
  retryTopic?: string;
  /** When given, `start()` creates the dead-letter and retry topics if they are missing. */
  topicAdmin?: TopicAdmin;
  partitionsConsumedConcurrently?: number;
  logger?: KafkaLogger;
  /** Called once per message whose offset was committed (for metrics). */
  onProcessed?: (event: ProcessedEvent) => void;
  /**
   * Called for an authentication failure (the credentials need a person), before the message is
   * dead-lettered: connectors pause the connection here and replay the dead letters once fixed.
   */
  onAuthFailure?: (message: ConsumedMessage, error: ConcordError) => Promise<void> | void;
  /**
   * The first wait before the runner rejoins after a crash kafkajs does not restart from itself
   * (doubling per crash in a row, at most 30 s); 1000 by default.
   */
  crashRecoveryMs?: number;
  /** Injectable for tests: jitter source and clock. */
  random?: () => number;
  now?: () => number;
}

const positionKey = (p: RecordPosition): string =>
  `${p.topic}\u0000${p.partition}\u0000${p.offset}`;
const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

/**
 * Runs a handler over a consumer group with at-least-once delivery: autoCommit is off and each
 * offset is committed only after its message was handled, dead-lettered or handed to the retry
 * topic, so a crash mid-batch redelivers instead of losing. Order per partition (hence per key) is
 * kept, except that a message handed to the retry topic is overtaken by the ones after it.
 */
export class ConsumerRunner {
  private readonly consumer: Consumer;
  private readonly processor: MessageProcessor;
  private readonly logger: KafkaLogger;
  private readonly now: () => number;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  /** Attempts made on messages deferred without a retry topic (lost on restart, which is safe). */
  private readonly deferredAttempts = new Map<string, number>();
  private running = false;
  private joined = false;
  private crashesInARow = 0;
  private recoveryTimer?: NodeJS.Timeout;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.logger = options.logger ?? silentKafkaLogger;
    this.now = options.now ?? Date.now;
    const sessionTimeout = options.sessionTimeoutMs ?? 30000;
    const heartbeatInterval =
      options.heartbeatIntervalMs ?? Math.max(100, Math.floor(sessionTimeout / 10));
    this.consumer = options.client.consumer({
      groupId: options.groupId,
      sessionTimeout,
      heartbeatInterval,
      rebalanceTimeout: Math.max(sessionTimeout, 10000),
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    this.processor = new MessageProcessor({
      groupId: options.groupId,
      handler: options.handler,
      publisher: options.publisher,
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      deadLetterTopic: this.deadLetterTopic,
      retryTopic: options.retryTopic,
      heartbeatIntervalMs: heartbeatInterval,
      logger: this.logger,
      onAuthFailure: options.onAuthFailure,
      random: options.random,
      now: this.now,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.crashesInARow = 0;
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.joined = false;
      this.logger.error(
        {
          groupId: options.groupId,
          err: String(event.payload.error),
          restart: event.payload.restart,
        },
        'consumer crashed',
      );
      // kafkajs restarts only after retriable errors; after any other it has disconnected for
      // good, which would leave this group one member short until the process is restarted.
      if (!event.payload.restart && this.running) this.scheduleRecovery();
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get deadLetterTopic(): string {
    return this.options.deadLetterTopic ?? `dlq.${this.options.groupId}.v1`;
  }

  /** True once the consumer has joined its group (used by readiness checks). */
  get isReady(): boolean {
    return this.running && this.joined;
  }

  /** Connects, subscribes and resolves once the consumer has joined its group. */
  async start(): Promise<void> {
    const { topicAdmin, retryTopic } = this.options;
    if (topicAdmin) {
      const needed = [{ name: this.deadLetterTopic, partitions: 3 }];
      if (retryTopic) needed.push({ name: retryTopic, partitions: 3 });
      await topicAdmin.ensureTopics(needed);
    }
    await this.options.publisher.connect();
    this.running = true;
    try {
      await this.connectAndRun();
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  private async connectAndRun(): Promise<void> {
    const { retryTopic, topics } = this.options;
    await this.consumer.connect();
    const subscribed = Array.isArray(topics) ? [...topics] : [topics];
    if (retryTopic) subscribed.push(retryTopic);
    await this.consumer.subscribe({
      topics: subscribed,
      fromBeginning: this.options.fromBeginning ?? false,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  private scheduleRecovery(): void {
    this.crashesInARow += 1;
    const delayMs = exponentialDelay(this.crashesInARow, {
      initialDelayMs: this.options.crashRecoveryMs ?? 1000,
      maxDelayMs: 30_000,
    });
    this.logger.warn({ groupId: this.groupId, delayMs }, 'consumer rejoins after its crash');
    clearTimeout(this.recoveryTimer);
    this.recoveryTimer = setTimeout(() => {
      if (!this.running) return;
      this.connectAndRun().catch((error: unknown) => {
        this.logger.error(
          { groupId: this.groupId, err: error instanceof Error ? error.message : String(error) },
          'consumer could not rejoin',
        );
        if (this.running) this.scheduleRecovery();
      });
    }, delayMs);
    this.recoveryTimer.unref();
  }

  /** Finishes (and commits) the message in flight, starts no other, and leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.recoveryTimer);
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    this.deferredAttempts.clear();
    await this.consumer.stop();
    await this.consumer.disconnect();
    this.joined = false;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    for (const raw of batch.messages) {
      if (!this.running || !isRunning() || isStale()) return;
      const started = this.now();
      const delivery = readDelivery(batch.topic, batch.partition, raw);
      const key = positionKey(delivery.position);
      if (delivery.retryGroup !== undefined && delivery.retryGroup !== this.options.groupId) {
        // Another group's retry on a shared retry topic: not ours to handle.
        resolveOffset(raw.offset);
        await this.commit(payload, raw.offset);
        continue;
      }
      const attemptsSoFar = Math.max(
        delivery.previousAttempts,
        this.deferredAttempts.get(key) ?? 0,
      );
      const result = await this.processor.process(
        delivery,
        attemptsSoFar,
        heartbeat,
        () => this.running && isRunning(),
      );
      if (result.kind === 'defer') {
        if (this.running && isRunning()) {
          this.deferredAttempts.set(key, result.attempts);
          this.deferPartition(payload, raw.offset, result.delayMs);
        }
        return;
      }
      this.deferredAttempts.delete(key);
      crashPoint(`before-offset-commit:${this.options.groupId}`);
      resolveOffset(raw.offset);
      await this.commit(payload, raw.offset);
      const { topic, partition, offset } = delivery.message;
      this.options.onProcessed?.({
        topic,
        partition,
        offset,
        durationMs: this.now() - started,
        outcome: result.outcome,
        attempts: result.attempts,
      });
      await heartbeat();
    }
  }

  private async commit(payload: EachBatchPayload, offset: string): Promise<void> {
    const { topic, partition } = payload.batch;
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic, partitions: [{ partition, offset: nextOffset(offset) }] }],
    });
  }

  // Holds only this partition until the message is due (other partitions keep flowing and the
  // member keeps heartbeating), then fetches again from the message's own offset.
  private deferPartition(payload: EachBatchPayload, offset: string, delayMs: number): void {
    const { topic, partition } = payload.batch;
    const resume = payload.pause();
    this.consumer.seek({ topic, partition, offset });
    const timer = setTimeout(
      () => {
        this.resumeTimers.delete(timer);
        resume();
      },
      Math.max(50, delayMs),
    );
    this.resumeTimers.add(timer);
    this.logger.debug(
      { topic, partition, offset, delayMs },
      'partition paused until a message is due',
    );
  }
}
