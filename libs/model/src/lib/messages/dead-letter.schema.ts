import { type Static, Type } from '@sinclair/typebox';

import { IsoTimestamp } from '../primitives/primitives.schema';
import { described } from '../primitives/schema-helpers';
import { ErrorCategorySchema } from './error-summary.schema';
import { MessageSchemaIds } from './message-schema-ids';

/** Headers the Kafka lib adds to a dead-lettered message, besides the original headers. */
export const DeadLetterHeaders = {
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

const Digits = Type.String({ pattern: '^\\d+$' });

/**
 * The headers of a message on dlq.<group>.v1, as strings. Key and value are the original
 * message's, unchanged, and its original headers are kept alongside these.
 */
export const DeadLetter = Type.Object(
  {
    [DeadLetterHeaders.originalTopic]: Type.String({
      minLength: 1,
      maxLength: 249,
      description: 'Topic the message was read from.',
    }),
    [DeadLetterHeaders.originalPartition]: described(Digits, 'Partition it was read from.'),
    [DeadLetterHeaders.originalOffset]: described(Digits, 'Offset it was read at.'),
    [DeadLetterHeaders.consumerGroup]: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Consumer group that gave up on it.',
    }),
    [DeadLetterHeaders.errorCode]: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Code of the error.',
    }),
    [DeadLetterHeaders.errorCategory]: ErrorCategorySchema,
    [DeadLetterHeaders.errorMessage]: Type.String({
      maxLength: 1000,
      description: 'Secret-free error message.',
    }),
    [DeadLetterHeaders.attempts]: described(Digits, 'Delivery attempts made.'),
    [DeadLetterHeaders.failedAt]: described(IsoTimestamp, 'When it was given up on.'),
  },
  {
    additionalProperties: Type.String(),
    $id: MessageSchemaIds.deadLetter,
    title: 'Dead-letter headers',
    description:
      'Headers of a dead-lettered message; its key, value and original headers are unchanged.',
  },
);
/** The dead-letter headers plus the original message headers. */
export type DeadLetter = Static<typeof DeadLetter> & Record<string, string>;
