import { ConcordError, consumerDecision } from '@concord/errors';

import { ConsumedMessage, MessageHandler, ProcessingOutcome } from './consumed-message';
import { buildDeadLetter } from './dead-letter';
import { Delivery, retryRecord } from './delivery';
import { TraceHeaders } from './delivery-headers';
import { classifyHandlerError } from './handler-error';
import { childLogger, KafkaLogger } from './kafka-logger';
import { KafkaPublisher } from './kafka-publisher';
import { decideOnFailure, RetryPolicy } from './retry-policy';

export interface MessageProcessorOptions {
  groupId: string;
  handler: MessageHandler;
  publisher: Pick<KafkaPublisher, 'send'>;
  policy: RetryPolicy;
  deadLetterTopic: string;
  retryTopic?: string;
  heartbeatIntervalMs: number;
  logger: KafkaLogger;
  onAuthFailure?: (message: ConsumedMessage, error: ConcordError) => Promise<void> | void;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type ProcessingResult =
  /** The offset may be committed. */
  | { kind: 'done'; outcome: ProcessingOutcome; attempts: number }
  /** Not handled yet: leave the offset uncommitted and deliver the message again in `delayMs`. */
  | { kind: 'defer'; delayMs: number; attempts: number };

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Handles one delivered message: calls the handler (heartbeating while it runs), and on failure
 * retries, hands over to the retry topic or dead-letters, as `decideOnFailure` says. It never
 * commits: it tells the runner whether the offset may be committed.
 */
export class MessageProcessor {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: MessageProcessorOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
  }

  /**
   * @param attemptsSoFar attempts already made (from the retry headers, or remembered by the
   *   runner for a message it deferred)
   * @param isRunning false once the runner is stopping: no further attempt is started
   */
  async process(
    delivery: Delivery,
    attemptsSoFar: number,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<ProcessingResult> {
    const dueInMs = delivery.notBefore - this.now();
    if (dueInMs > 0) return { kind: 'defer', delayMs: dueInMs, attempts: attemptsSoFar };
    const log = this.messageLogger(delivery);
    let attempt = attemptsSoFar;
    for (let inPlaceAttempt = 1; ; inPlaceAttempt += 1) {
      attempt += 1;
      const message: ConsumedMessage = { ...delivery.message, attempt, heartbeat };
      try {
        await this.withHeartbeats(heartbeat, () => this.options.handler(message));
        if (attempt > 1) log.info({ attempt }, 'message handled after retrying');
        return { kind: 'done', outcome: 'ok', attempts: attempt };
      } catch (thrown) {
        const error = classifyHandlerError(thrown);
        const decision = consumerDecision(error);
        const action = decideOnFailure(decision, {
          attempt,
          inPlaceAttempt,
          policy: this.options.policy,
          hasRetryTopic: this.options.retryTopic !== undefined,
          random: this.options.random,
        });
        log.warn(
          { attempt, code: error.code, category: error.category, err: error.message, action },
          'handler failed',
        );
        if (action.action === 'dead-letter') {
          if (decision.action === 'pause-connection')
            await this.reportAuthFailure(message, error, log);
          await this.deadLetter(message, error);
          log.error(
            { attempt, code: error.code, deadLetterTopic: this.options.deadLetterTopic },
            'message dead-lettered',
          );
          return { kind: 'done', outcome: 'dead-lettered', attempts: attempt };
        }
        if (action.action === 'retry-topic' && this.options.retryTopic) {
          await this.handToRetryTopic(this.options.retryTopic, message, action.delayMs);
          return { kind: 'done', outcome: 'retried', attempts: attempt };
        }
        if (action.action === 'defer' || !isRunning())
          return { kind: 'defer', delayMs: action.delayMs, attempts: attempt };
        await this.withHeartbeats(heartbeat, () => this.sleep(action.delayMs));
        if (!isRunning()) return { kind: 'defer', delayMs: 0, attempts: attempt };
      }
    }
  }

  // A failing hook must not stop the dead letter: the message would come back, fail auth again
  // and call the hook again, forever.
  private async reportAuthFailure(
    message: ConsumedMessage,
    error: ConcordError,
    log: KafkaLogger,
  ): Promise<void> {
    try {
      await this.options.onAuthFailure?.(message, error);
    } catch (hookError) {
      log.error({ err: classifyHandlerError(hookError).message }, 'onAuthFailure hook failed');
    }
  }

  private messageLogger(delivery: Delivery): KafkaLogger {
    const { message, position } = delivery;
    return childLogger(this.options.logger, {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      eventId: message.headers[TraceHeaders.eventId],
      correlationId: message.headers[TraceHeaders.correlationId],
      tenant: message.headers[TraceHeaders.tenant],
      ...(position.topic === message.topic ? {} : { deliveredFrom: position.topic }),
    });
  }

  // kafkajs heartbeats only between messages; a handler slower than the session timeout would
  // otherwise lose its partitions and the message would be handled twice.
  private async withHeartbeats<T>(
    heartbeat: () => Promise<void>,
    work: () => Promise<T>,
  ): Promise<T> {
    const timer = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        // A rebalance started while the handler runs: the commit after it will fail and kafkajs
        // rejoins, so the message may be delivered again (at least once, never lost).
        this.options.logger.warn({ err: String(error) }, 'heartbeat during a handler failed');
      });
    }, this.options.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private async handToRetryTopic(
    retryTopic: string,
    message: ConsumedMessage,
    delayMs: number,
  ): Promise<void> {
    const record = retryRecord(message, this.options.groupId, this.now() + delayMs);
    await this.options.publisher.send(retryTopic, [record]);
  }

  private async deadLetter(message: ConsumedMessage, error: ConcordError): Promise<void> {
    const record = buildDeadLetter(message, error, this.options.groupId, new Date(this.now()));
    await this.options.publisher.send(this.options.deadLetterTopic, [record]);
  }
}
