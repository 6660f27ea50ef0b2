import { Consumer, EachBatchPayload } from 'kafkajs';

import { exponentialDelay } from './backoff';
import { BatchConsumption } from './batch-consumption';
import { BatchProcessor } from './batch-processor';
import { MessageHandler } from './consumed-message';
import { batchPublisher, batchRetryTopic, ConsumerRunnerOptions } from './consumer-runner-options';
import { KafkaLogger, silentKafkaLogger } from './kafka-logger';
import { MessageProcessor } from './message-processor';
import { PartitionBacklog } from './partition-backlog';
import { PartitionControl } from './partition-control';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';

export type { ConsumerRunnerOptions } from './consumer-runner-options';

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
  private readonly partitions: PartitionControl;
  private readonly consumption: BatchConsumption;
  private readonly backlog: PartitionBacklog | null;
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
    this.partitions = new PartitionControl(this.consumer, this.logger);
    this.backlog = this.batchProcessor ? new PartitionBacklog(options.client, this.now) : null;
    this.consumption = new BatchConsumption({
      groupId: options.groupId,
      maxBatchMessages: options.maxBatchMessages,
      onProcessed: options.onProcessed,
      isRunning: () => this.running,
      partitionControl: this.partitions,
      ...(this.backlog ? { backlog: this.backlog } : {}),
      ...(options.redeliverAgain ? { redeliverAgain: options.redeliverAgain } : {}),
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
    this.partitions.clear();
    this.consumption.clear();
    await this.consumer.stop();
    await this.consumer.disconnect();
    await this.backlog?.close();
    this.joined = false;
  }

  private eachBatch(payload: EachBatchPayload): Promise<void> {
    return this.batchProcessor
      ? this.consumption.eachBatchAtOnce(payload, this.batchProcessor)
      : this.consumption.eachMessage(payload, this.processor as MessageProcessor);
  }
}
