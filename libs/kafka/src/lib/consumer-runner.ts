import { classifyError, ConcordError, consumerDecision } from '@concord/errors';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';

import { backoffDelay } from './backoff';
import { ConsumedMessage, MessageHandler, ProcessedEvent, RetryHeaders } from './consumed-message';
import { buildDeadLetter } from './dead-letter';
import { decodeHeaders } from './headers';
import { childLogger, KafkaLogger, silentKafkaLogger } from './kafka-logger';
import { KafkaPublisher } from './kafka-publisher';
import { TopicAdmin } from './topic-admin';

export interface RetryPolicy {
  /** Attempts in all (in place and through the retry topic) before a message is dead-lettered. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Attempts made in place, holding the partition, before the retry topic takes over. */
  inPlaceAttempts: number;
}

export interface ConsumerRunnerOptions {
  client: Kafka;
  groupId: string;
  topics: Array<string | RegExp>;
  handler: MessageHandler;
  publisher: KafkaPublisher;
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Defaults to `dlq.<groupId>.v1`. */
  deadLetterTopic?: string;
  /** When set, retryable failures past the in-place attempts move here instead of holding the partition. */
  retryTopic?: string;
  /** Creates the dead-letter and retry topics at start when given. */
  topicAdmin?: TopicAdmin;
  partitionsConsumedConcurrently?: number;
  logger?: KafkaLogger;
  onProcessed?: (event: ProcessedEvent) => void;
  /** Called for an authentication failure (the credentials need a person) before the message is dead-lettered. */
  onAuthFailure?: (message: ConsumedMessage, error: ConcordError) => Promise<void> | void;
  random?: () => number;
  now?: () => number;
}

type Outcome =
  { kind: 'resolved'; outcome: ProcessedEvent['outcome'] } | { kind: 'deferred'; delayMs: number };

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  maxDelayMs: 5000,
  inPlaceAttempts: 3,
};

/**
 * Runs a handler over a consumer group with at-least-once delivery: an offset is committed only
 * after its message was handled, dead-lettered or handed to the retry topic, so a crash mid-batch
 * redelivers instead of losing. Order per partition (hence per key) is kept.
 */
export class ConsumerRunner {
  private readonly consumer: Consumer;
  private readonly retry: RetryPolicy;
  private readonly logger: KafkaLogger;
  private readonly now: () => number;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private running = false;
  private joined = false;

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.logger = options.logger ?? silentKafkaLogger;
    this.now = options.now ?? Date.now;
    const sessionTimeout = options.sessionTimeoutMs ?? 30000;
    this.consumer = options.client.consumer({
      groupId: options.groupId,
      sessionTimeout,
      heartbeatInterval:
        options.heartbeatIntervalMs ?? Math.max(300, Math.floor(sessionTimeout / 10)),
      rebalanceTimeout: Math.max(sessionTimeout, 10000),
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.joined = false;
      this.logger.error(
        { groupId: options.groupId, error: String(event.payload.error) },
        'consumer crashed',
      );
    });
  }

  get deadLetterTopic(): string {
    return this.options.deadLetterTopic ?? `dlq.${this.options.groupId}.v1`;
  }

  /** True once the consumer has joined its group (used by readiness checks). */
  get isReady(): boolean {
    return this.running && this.joined;
  }

  async start(): Promise<void> {
    const { topicAdmin, retryTopic } = this.options;
    if (topicAdmin) {
      const topics = [{ name: this.deadLetterTopic, partitions: 3 }];
      if (retryTopic) topics.push({ name: retryTopic, partitions: 3 });
      await topicAdmin.ensureTopics(topics);
    }
    await this.options.publisher.connect();
    await this.consumer.connect();
    const topics = retryTopic ? [...this.options.topics, retryTopic] : this.options.topics;
    await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? false });
    this.running = true;
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      autoCommitThreshold: 100,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Finishes the message in flight, commits what was handled, and leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.consumer.stop();
    await this.consumer.disconnect();
    this.joined = false;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause, commitOffsetsIfNecessary } =
      payload;
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || !this.running) break;
      const started = this.now();
      const result = await this.process(batch.topic, batch.partition, message, heartbeat);
      if (result.kind === 'deferred') {
        // Hold only this partition until the message is due, then fetch it again from its offset.
        const resume = pause();
        this.consumer.seek({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
        });
        const timer = setTimeout(
          () => {
            this.resumeTimers.delete(timer);
            resume();
          },
          Math.max(50, result.delayMs),
        );
        this.resumeTimers.add(timer);
        this.options.onProcessed?.({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          durationMs: this.now() - started,
          outcome: 'deferred',
        });
        break;
      }
      resolveOffset(message.offset);
      this.options.onProcessed?.({
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        durationMs: this.now() - started,
        outcome: result.outcome,
      });
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async process(
    topic: string,
    partition: number,
    raw: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Outcome> {
    const headers = decodeHeaders(raw.headers);
    const notBefore = Number(headers[RetryHeaders.notBefore] ?? 0);
    if (notBefore > this.now()) return { kind: 'deferred', delayMs: notBefore - this.now() };
    const log = childLogger(this.logger, {
      topic,
      partition,
      offset: raw.offset,
      key: raw.key?.toString() ?? null,
      eventId: headers['x-event-id'],
      correlationId: headers['x-correlation-id'],
      tenant: headers['x-tenant'],
    });
    let attempt = Number(headers[RetryHeaders.attempt] ?? 0);
    for (let inPlace = 1; ; inPlace += 1) {
      attempt += 1;
      const message: ConsumedMessage = {
        topic,
        partition,
        offset: raw.offset,
        key: raw.key?.toString() ?? null,
        value: raw.value,
        headers,
        timestamp: raw.timestamp,
        attempt,
        heartbeat,
      };
      try {
        await this.withHeartbeats(heartbeat, () => this.options.handler(message));
        return { kind: 'resolved', outcome: attempt > 1 ? 'retried' : 'ok' };
      } catch (thrown) {
        const error = classifyError(thrown);
        const decision = consumerDecision(error);
        log.warn(
          { attempt, code: error.code, category: error.category, err: error.message },
          'handler failed',
        );
        if (decision.action === 'pause-connection')
          await this.options.onAuthFailure?.(message, error);
        if (decision.action !== 'retry' || attempt >= this.retry.maxAttempts) {
          await this.deadLetter(message, error);
          log.error({ attempt, code: error.code }, 'message dead-lettered');
          return { kind: 'resolved', outcome: 'dead-lettered' };
        }
        const delayMs = decision.delayMs ?? backoffDelay(inPlace, this.retry, this.options.random);
        if (inPlace >= this.retry.inPlaceAttempts || delayMs > this.retry.maxDelayMs) {
          if (this.options.retryTopic) {
            await this.handToRetryTopic(message, attempt, delayMs);
            return { kind: 'resolved', outcome: 'retried' };
          }
          if (delayMs > this.retry.maxDelayMs) return { kind: 'deferred', delayMs };
        }
        if (!this.running) return { kind: 'deferred', delayMs: 0 };
        await this.withHeartbeats(heartbeat, () => new Promise((r) => setTimeout(r, delayMs)));
      }
    }
  }

  private async withHeartbeats<T>(
    heartbeat: () => Promise<void>,
    work: () => Promise<T>,
  ): Promise<T> {
    const interval = Math.max(200, Math.floor((this.options.sessionTimeoutMs ?? 30000) / 5));
    const timer = setInterval(() => {
      heartbeat().catch(() => undefined);
    }, interval);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private async handToRetryTopic(
    message: ConsumedMessage,
    attempt: number,
    delayMs: number,
  ): Promise<void> {
    const retryTopic = this.options.retryTopic as string;
    await this.options.publisher.send(retryTopic, [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [RetryHeaders.attempt]: String(attempt),
          [RetryHeaders.notBefore]: String(this.now() + delayMs),
          [RetryHeaders.originalTopic]:
            message.headers[RetryHeaders.originalTopic] ?? message.topic,
        },
      },
    ]);
  }

  private async deadLetter(message: ConsumedMessage, error: ConcordError): Promise<void> {
    const dead = buildDeadLetter(message, error, this.options.groupId, new Date(this.now()));
    await this.options.publisher.send(this.deadLetterTopic, [dead]);
  }
}
