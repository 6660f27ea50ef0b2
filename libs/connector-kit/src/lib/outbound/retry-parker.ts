import { RetryHeaders } from '@concord/kafka';

import type { MessageSender } from '../transport/publisher-port';
import { LANE_HEADER } from './outbound-decisions';

/** The parts of a consumed message the parker needs. */
export interface ParkableMessage {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Readonly<Record<string, string>>;
  attempt: number;
  /** Batch mode: whether records were written behind this message's batch (see @concord/kafka). */
  backlogBehind?: () => Promise<boolean>;
}

/**
 * Moves a message to the connector's retry topic to be tried again later without spending an
 * attempt: used while a connection is paused or needs attention, so nothing is lost or
 * dead-lettered meanwhile, and the partition moves on.
 */
export class RetryParker {
  constructor(
    private readonly retryTopic: string,
    private readonly publisher: MessageSender,
    private readonly now: () => number = Date.now,
  ) {}

  async park(message: ParkableMessage, delayMs: number, lane: string): Promise<void> {
    await this.publisher.send(this.retryTopic, [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [RetryHeaders.attempt]: String(Math.max(0, message.attempt - 1)),
          [RetryHeaders.notBefore]: String(this.now() + delayMs),
          [RetryHeaders.originalTopic]:
            message.headers[RetryHeaders.originalTopic] ?? message.topic,
          [LANE_HEADER]: lane,
        },
      },
    ]);
  }
}
