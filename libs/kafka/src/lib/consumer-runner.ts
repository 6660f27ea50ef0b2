import { crashPoint } from '@concord/config';
import { ConcordError } from '@concord/errors';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';

import { exponentialDelay } from './backoff';
import { BatchHandler } from './batch-handler';
import { BatchProcessor } from './batch-processor';
import { ConsumedMessage, MessageHandler, ProcessedEvent } from './consumed-message';
import { Delivery, readDelivery, RecordPosition } from './delivery';
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
  /** Per-message mode: one message at a time, one commit per message. */
  handler?: MessageHandler;
  /**
   * Batch mode (instead of `handler`): the due messages of a partition's batch at once, their
   * outputs, retries and dead letters in one produce request, then one commit. Needs `retryTopic`
   * and a publisher with `sendBatch`.
   */
  batchHandler?: BatchHandler;
  /** Batch mode: the most messages handed to `batchHandler` at once (500 by default). */
  maxBatchMessages?: number;
  /** Writes dead letters and retry-topic records (connected by `start()`). */
  publisher: Pick<KafkaPublisher, 'connect' | 'send'> & Partial<Pick<KafkaPublisher, 'sendBatch'>>;
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
  private readonly processor: MessageProcessor | null;
  private readonly batchProcessor: BatchProcessor | null;
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
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.batchProcessor = options.batchHandler
      ? new BatchProcessor({
          groupId: options.groupId,
          handler: options.batchHandler,
          publisher: batchPublisher(options),
          policy,
          deadLetterTopic: this.deadLetterTopic,
          retryTopic: batchRetryTopic(options),
          heartbeatIntervalMs: heartbeatInterval,
          logger: this.logger,
          onAuthFailure: options.onAuthFailure,
          random: options.random,
          now: this.now,
        })
      : null;
    this.processor = options.handler
      ? this.messageProcessor(options, options.handler, policy, heartbeatInterval)
      : null;
    if ((this.processor === null) === (this.batchProcessor === null)) {
      throw new Error('a ConsumerRunner takes either a handler or a batchHandler');
    }
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

  private messageProcessor(
    options: ConsumerRunnerOptions,
    handler: MessageHandler,
    policy: RetryPolicy,
    heartbeatIntervalMs: number,
  ): MessageProcessor {
    return new MessageProcessor({
      groupId: options.groupId,
      handler,
      publisher: options.publisher,
      policy,
      deadLetterTopic: this.deadLetterTopic,
      retryTopic: options.retryTopic,
      heartbeatIntervalMs,
      logger: this.logger,
      onAuthFailure: options.onAuthFailure,
      random: options.random,
      now: this.now,
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
      eachBatch: (payload) =>
        this.batchProcessor
          ? this.eachBatchAtOnce(payload, this.batchProcessor)
          : this.eachBatch(payload),
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

  /**
   * Batch mode: the due messages of the batch (in chunks of `maxBatchMessages`) go to the batch
   * handler together; what they produce goes out in one request, then one commit covers them. A
   * retry-topic message not due yet ends the chunk there: the partition waits for it.
   */
  private async eachBatchAtOnce(
    payload: EachBatchPayload,
    processor: BatchProcessor,
  ): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const chunkSize = Math.max(1, this.options.maxBatchMessages ?? 500);
    const deliveries = batch.messages.map((raw) => readDelivery(batch.topic, batch.partition, raw));
    for (let start = 0; start < deliveries.length;) {
      if (!this.running || !isRunning() || isStale()) return;
      const started = this.now();
      const chunk = deliveries.slice(start, start + chunkSize);
      const notDue = chunk.findIndex((d) => this.isOurs(d) && d.notBefore > started);
      const due = notDue === -1 ? chunk : chunk.slice(0, notDue);
      const ours = due.filter((d) => this.isOurs(d));
      const result = await processor.process(ours, heartbeat, () => this.running && isRunning());
      if (result.kind === 'abandoned') return;
      const last = due[due.length - 1];
      if (last !== undefined) {
        crashPoint(`before-offset-commit:${this.options.groupId}`);
        resolveOffset(last.position.offset);
        await this.commit(payload, last.position.offset);
        this.reportProcessed(ours, result.outcomes, this.now() - started);
        await heartbeat();
      }
      if (notDue !== -1) {
        const waiting = chunk[notDue] as Delivery;
        if (this.running && isRunning()) {
          this.deferPartition(payload, waiting.position.offset, waiting.notBefore - this.now());
        }
        return;
      }
      start += chunk.length;
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
    if (!this.options.onProcessed) return;
    for (const [index, delivery] of deliveries.entries()) {
      const result = outcomes[index];
      if (!result) continue;
      const { topic, partition, offset } = delivery.message;
      this.options.onProcessed({ topic, partition, offset, durationMs, ...result });
    }
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const processor = this.processor as MessageProcessor;
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
      const result = await processor.process(
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

function batchPublisher(options: ConsumerRunnerOptions): Pick<KafkaPublisher, 'sendBatch'> {
  const sendBatch = options.publisher.sendBatch?.bind(options.publisher);
  if (!sendBatch) throw new Error('batch mode needs a publisher with sendBatch');
  return { sendBatch };
}

function batchRetryTopic(options: ConsumerRunnerOptions): string {
  if (!options.retryTopic) throw new Error('batch mode needs a retryTopic');
  return options.retryTopic;
}
