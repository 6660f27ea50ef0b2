import { MessageHeaderMap } from './headers';

/** A message handed to a consumer's handler. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: MessageHeaderMap;
  timestamp: string;
  /** 1 for the first delivery; counts attempts across in-place retries and retry-topic hops. */
  attempt: number;
  /** Keeps the consumer's group membership alive during long work (also called automatically). */
  heartbeat(): Promise<void>;
}

export type MessageHandler = (message: ConsumedMessage) => Promise<void>;

export type ProcessingOutcome = 'ok' | 'retried' | 'dead-lettered' | 'deferred';

export interface ProcessedEvent {
  topic: string;
  partition: number;
  offset: string;
  durationMs: number;
  outcome: ProcessingOutcome;
}

/** Headers the runner adds when it hands a message to a retry topic. */
export const RetryHeaders = {
  attempt: 'x-retry-attempt',
  notBefore: 'x-retry-not-before',
  originalTopic: 'x-retry-original-topic',
} as const;

/** Headers the runner adds to a dead-lettered message (the original key, value and headers are kept). */
export const DeadLetterHeaderNames = {
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  consumerGroup: 'x-dlq-consumer-group',
  errorCode: 'x-dlq-error-code',
  errorCategory: 'x-dlq-error-category',
  errorMessage: 'x-dlq-error-message',
  attempts: 'x-dlq-attempts',
  failedAt: 'x-dlq-failed-at',
} as const;
