import { MessageHeaderMap } from './headers';

/**
 * A message handed to a consumer's handler. A message that came back through the retry topic is
 * presented as it was first consumed (its original topic, partition, offset and headers), so a
 * handler never needs to know about retry hops.
 */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: MessageHeaderMap;
  /** The broker's timestamp (epoch ms, as a string) of the delivered record. */
  timestamp: string;
  /** 1 for the first delivery; counts attempts across in-place retries and retry-topic hops. */
  attempt: number;
  /** Keeps the consumer's group membership alive during long work (the runner also does it on a timer). */
  heartbeat(): Promise<void>;
  /**
   * Batch mode only, and only for a message never redelivered this way: whether records were
   * written to its partition after the batch it came in (asked now, not when it was fetched). A
   * batch handler that would rather take it with them (a call it would send half full) may answer
   * `redeliver` for it.
   */
  backlogBehind?: () => Promise<boolean>;
}

export type MessageHandler = (message: ConsumedMessage) => Promise<void>;

/**
 * `ok`: the handler succeeded (`attempts` says on which attempt); `retried`: handed to the retry
 * topic for a later attempt; `dead-lettered`: written to the dead-letter topic.
 */
export type ProcessingOutcome = 'ok' | 'retried' | 'dead-lettered';

/** Reported once per message whose offset the runner commits, e.g. to feed Prometheus metrics. */
export interface ProcessedEvent {
  topic: string;
  partition: number;
  offset: string;
  durationMs: number;
  outcome: ProcessingOutcome;
  attempts: number;
}
