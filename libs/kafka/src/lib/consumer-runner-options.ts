import { ConcordError } from '@concord/errors';
import { Kafka } from 'kafkajs';

import { BatchHandler } from './batch-handler';
import { ConsumedMessage, MessageHandler, ProcessedEvent } from './consumed-message';
import { MessageHeaderMap } from './headers';
import { KafkaLogger } from './kafka-logger';
import { KafkaPublisher } from './kafka-publisher';
import { RetryPolicy } from './retry-policy';
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
  /**
   * Batch mode: whether a message read again after a `redeliver` answer may ask once more whether
   * records were written behind it (`ConsumedMessage.backlogBehind`); by default a message is
   * redelivered once. Each further redelivery needs records written behind it meanwhile, so a
   * message the producer says more follows (a snapshot page) is redelivered at most once per
   * page written.
   */
  redeliverAgain?: (headers: Readonly<MessageHeaderMap>) => boolean;
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

/** Batch mode's publisher: one with `sendBatch`, or an error saying it is missing. */
export function batchPublisher(options: ConsumerRunnerOptions): Pick<KafkaPublisher, 'sendBatch'> {
  const sendBatch = options.publisher.sendBatch?.bind(options.publisher);
  if (!sendBatch) throw new Error('batch mode needs a publisher with sendBatch');
  return { sendBatch };
}

/** Batch mode's retry topic, or an error saying it is missing. */
export function batchRetryTopic(options: ConsumerRunnerOptions): string {
  if (!options.retryTopic) throw new Error('batch mode needs a retryTopic');
  return options.retryTopic;
}
