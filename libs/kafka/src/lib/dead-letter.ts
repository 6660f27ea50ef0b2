import { ConcordError } from '@concord/errors';

import { ConsumedMessage, DeadLetterHeaderNames as H, RetryHeaders } from './consumed-message';
import { OutgoingMessage } from './kafka-publisher';

/**
 * The dead-letter record keeps the original key, value and headers untouched and adds the context
 * an operator needs: where it came from, which group failed, and the classified error. The error
 * text is the ConcordError's own message, which never carries secrets.
 */
export function buildDeadLetter(
  message: ConsumedMessage,
  error: ConcordError,
  consumerGroup: string,
  failedAt: Date,
): OutgoingMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [H.originalTopic]: message.headers[RetryHeaders.originalTopic] ?? message.topic,
      [H.originalPartition]: String(message.partition),
      [H.originalOffset]: message.offset,
      [H.consumerGroup]: consumerGroup,
      [H.errorCode]: error.code,
      [H.errorCategory]: error.category,
      [H.errorMessage]: error.message.slice(0, 1000),
      [H.attempts]: String(message.attempt),
      [H.failedAt]: failedAt.toISOString(),
    },
  };
}
