import { ConcordError } from '@concord/errors';

import { ConsumedMessage } from './consumed-message';
import { OutgoingMessage } from './kafka-publisher';

/** What became of one message of a batch; the runner turns it into records and one commit. */
export type MessageDisposition =
  /** Handled (or deliberately skipped): nothing more to do. */
  | { kind: 'done' }
  /** Try this message alone again in `delayMs` (retry topic), or dead-letter it past maxAttempts. */
  | { kind: 'retry'; delayMs: number; error: ConcordError }
  /** Never to be tried again: onto the dead-letter topic with its reason. */
  | { kind: 'dead-letter'; error: ConcordError }
  /**
   * Not handled yet: the partition is read again from this message, together with the records
   * written behind it (only for a message with `backlogBehind`, which a message redelivered this
   * way no longer has). Nothing from this message on is committed, retried or dead-lettered now:
   * the messages after it come again too.
   */
  | { kind: 'redeliver' };

/** Messages for one topic that the batch produces (outcomes, parked messages...). */
export interface BatchOutput {
  topic: string;
  messages: OutgoingMessage[];
}

export interface BatchHandlerResult {
  /** One per message, in the order the messages were handed over. */
  dispositions: MessageDisposition[];
  /** What the batch produces besides retries and dead letters, sent with them in one request. */
  outputs: BatchOutput[];
}

/**
 * Handles the messages of one partition's batch at once, in offset order. A handler produces
 * nothing itself: it returns its outputs, and the runner sends them, the retries and the dead
 * letters in one produce request, then commits once. Throwing fails the whole batch: nothing is
 * produced or committed, and the batch is tried again.
 */
export type BatchHandler = (messages: ConsumedMessage[]) => Promise<BatchHandlerResult>;
