import { ConcordError, consumerDecision } from '@concord/errors';

import { backoffDelay } from './backoff';
import { BatchHandler, BatchOutput, MessageDisposition } from './batch-handler';
import { ConsumedMessage, ProcessingOutcome } from './consumed-message';
import { buildDeadLetter } from './dead-letter';
import { Delivery, retryRecord } from './delivery';
import { classifyHandlerError } from './handler-error';
import { KafkaLogger } from './kafka-logger';
import { KafkaPublisher, OutgoingMessage } from './kafka-publisher';
import { RetryPolicy } from './retry-policy';

export interface BatchProcessorOptions {
  groupId: string;
  handler: BatchHandler;
  publisher: Pick<KafkaPublisher, 'sendBatch'>;
  policy: RetryPolicy;
  deadLetterTopic: string;
  retryTopic: string;
  heartbeatIntervalMs: number;
  logger: KafkaLogger;
  onAuthFailure?: (message: ConsumedMessage, error: ConcordError) => Promise<void> | void;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type BatchProcessingResult =
  /**
   * Everything was produced: the batch's offsets may be committed, up to (not including) the
   * message at `redeliverFrom` when one answered `redeliver` (`outcomes` then stop there).
   */
  | {
      kind: 'done';
      outcomes: Array<{ outcome: ProcessingOutcome; attempts: number }>;
      redeliverFrom?: number;
    }
  /** The runner is stopping before the batch got through: commit nothing, it is redelivered. */
  | { kind: 'abandoned' };

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Handles the due messages of one batch: calls the batch handler (heartbeating while it runs),
 * tries the whole batch again in place when it throws, and turns the dispositions into retry-topic
 * records and dead letters, sent with the handler's outputs in ONE produce request. It never
 * commits: the runner commits once after it returned `done`.
 */
export class BatchProcessor {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: BatchProcessorOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
  }

  async process(
    deliveries: readonly Delivery[],
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<BatchProcessingResult> {
    if (deliveries.length === 0) return { kind: 'done', outcomes: [] };
    for (let inPlaceAttempt = 1; ; inPlaceAttempt += 1) {
      const messages: ConsumedMessage[] = deliveries.map((delivery) => ({
        ...delivery.message,
        attempt: delivery.previousAttempts + inPlaceAttempt,
        heartbeat,
      }));
      let dispositions: MessageDisposition[];
      let outputs: BatchOutput[];
      try {
        const result = await this.withHeartbeats(heartbeat, () => this.options.handler(messages));
        if (result.dispositions.length !== messages.length) {
          throw new Error(
            `${result.dispositions.length} dispositions for ${messages.length} messages`,
          );
        }
        ({ dispositions, outputs } = result);
      } catch (thrown) {
        const error = classifyHandlerError(thrown);
        const decision = consumerDecision(error);
        this.options.logger.warn(
          {
            groupId: this.options.groupId,
            size: messages.length,
            inPlaceAttempt,
            code: error.code,
          },
          'batch handler failed',
        );
        if (!isRunning()) return { kind: 'abandoned' };
        const again =
          decision.action === 'retry' && inPlaceAttempt < this.options.policy.inPlaceAttempts;
        if (again) {
          const delayMs = Math.min(
            this.options.policy.maxDelayMs,
            decision.delayMs ??
              backoffDelay(inPlaceAttempt, this.options.policy, this.options.random),
          );
          await this.withHeartbeats(heartbeat, () => this.sleep(delayMs));
          if (!isRunning()) return { kind: 'abandoned' };
          continue;
        }
        // Given up in place: every message goes its own way (retry topic or dead letter).
        dispositions = messages.map(() =>
          decision.action === 'retry'
            ? { kind: 'retry', delayMs: decision.delayMs ?? 0, error }
            : { kind: 'dead-letter', error },
        );
        outputs = [];
      }
      return this.finish(messages, dispositions, outputs, heartbeat, isRunning);
    }
  }

  private async finish(
    messages: readonly ConsumedMessage[],
    dispositions: readonly MessageDisposition[],
    outputs: readonly BatchOutput[],
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<BatchProcessingResult> {
    const retries: OutgoingMessage[] = [];
    const deadLetters: OutgoingMessage[] = [];
    const outcomes: Array<{ outcome: ProcessingOutcome; attempts: number }> = [];
    const redeliver = dispositions.findIndex((d) => d.kind === 'redeliver');
    const redeliverFrom = redeliver === -1 ? undefined : redeliver;
    for (const [index, message] of messages.slice(0, redeliverFrom).entries()) {
      const disposition = dispositions[index] ?? { kind: 'done' };
      const attempts = message.attempt;
      if (disposition.kind === 'done' || disposition.kind === 'redeliver') {
        outcomes.push({ outcome: 'ok', attempts });
      } else if (disposition.kind === 'retry' && attempts < this.options.policy.maxAttempts) {
        const delayMs =
          disposition.delayMs > 0
            ? disposition.delayMs
            : backoffDelay(attempts, this.options.policy, this.options.random);
        retries.push(retryRecord(message, this.options.groupId, this.now() + delayMs));
        outcomes.push({ outcome: 'retried', attempts });
      } else {
        if (disposition.error.category === 'auth')
          await this.reportAuthFailure(message, disposition.error);
        deadLetters.push(
          buildDeadLetter(message, disposition.error, this.options.groupId, new Date(this.now())),
        );
        this.options.logger.error(
          {
            groupId: this.options.groupId,
            topic: message.topic,
            offset: message.offset,
            code: disposition.error.code,
          },
          'message dead-lettered',
        );
        outcomes.push({ outcome: 'dead-lettered', attempts });
      }
    }
    const produced = await this.produce(
      mergeByTopic([
        ...outputs,
        { topic: this.options.retryTopic, messages: retries },
        { topic: this.options.deadLetterTopic, messages: deadLetters },
      ]),
      heartbeat,
      isRunning,
    );
    if (!produced) return { kind: 'abandoned' };
    return redeliverFrom === undefined
      ? { kind: 'done', outcomes }
      : { kind: 'done', outcomes, redeliverFrom };
  }

  /**
   * One produce request for the whole batch, tried again (heartbeating) while the broker refuses
   * it; false when the runner stops first (nothing is committed then and the batch comes back).
   */
  private async produce(
    batches: BatchOutput[],
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.publisher.sendBatch(batches);
        return true;
      } catch (thrown) {
        const error = classifyHandlerError(thrown);
        this.options.logger.warn(
          { groupId: this.options.groupId, attempt, code: error.code },
          'producing the batch failed',
        );
        if (!isRunning()) return false;
        const delayMs = backoffDelay(attempt, this.options.policy, this.options.random);
        await this.withHeartbeats(heartbeat, () => this.sleep(Math.max(delayMs, 50)));
        if (!isRunning()) return false;
      }
    }
  }

  // A failing hook must not stop the dead letter (it would come back and fail auth forever).
  private async reportAuthFailure(message: ConsumedMessage, error: ConcordError): Promise<void> {
    try {
      await this.options.onAuthFailure?.(message, error);
    } catch (hookError) {
      this.options.logger.error(
        { err: classifyHandlerError(hookError).message },
        'onAuthFailure hook failed',
      );
    }
  }

  private async withHeartbeats<T>(
    heartbeat: () => Promise<void>,
    work: () => Promise<T>,
  ): Promise<T> {
    const timer = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        this.options.logger.warn({ err: String(error) }, 'heartbeat during a batch failed');
      });
    }, this.options.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }
}

/** One entry per topic, messages in the order given, empty topics left out. */
function mergeByTopic(outputs: readonly BatchOutput[]): BatchOutput[] {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const { topic, messages } of outputs) {
    if (messages.length === 0) continue;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), ...messages]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
