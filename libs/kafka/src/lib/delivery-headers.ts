/** Headers the runner adds when it hands a message to a retry topic; handlers never see them. */
export const RetryHeaders = {
  attempt: 'x-retry-attempt',
  notBefore: 'x-retry-not-before',
  originalTopic: 'x-retry-original-topic',
  originalPartition: 'x-retry-original-partition',
  originalOffset: 'x-retry-original-offset',
  /** The group the retry is addressed to; other groups sharing the retry topic skip it. */
  consumerGroup: 'x-retry-consumer-group',
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

/** Headers every Concord event carries; the runner puts them on each message's log context. */
export const TraceHeaders = {
  eventId: 'x-event-id',
  correlationId: 'x-correlation-id',
  tenant: 'x-tenant',
} as const;
