import { ConcordError } from '@concord/errors';

import { ConsumedMessage } from './consumed-message';
import { DeadLetterHeaderNames as H } from './delivery-headers';
import { OutgoingMessage } from './kafka-publisher';

const MAX_ERROR_MESSAGE_LENGTH = 1000;

/**
 * The dead-letter record keeps the original key, value and headers untouched and adds the context
 * an operator needs: where it came from, which group failed, and the classified error. The error
 * text is the ConcordError's own message (never a cause's or a stack), which carries no secrets.
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
      [H.originalTopic]: message.topic,
      [H.originalPartition]: String(message.partition),
      [H.originalOffset]: message.offset,
      [H.consumerGroup]: consumerGroup,
      [H.errorCode]: error.code,
      [H.errorCategory]: error.category,
      [H.errorMessage]: error.message.slice(0, MAX_ERROR_MESSAGE_LENGTH),
      [H.attempts]: String(message.attempt),
      [H.failedAt]: failedAt.toISOString(),
    },
  };
}
