import type { ConsumedMessage } from '@concord/kafka';
import { DeadLetterHeaders, MessageHeaders, TenantId, tenantOfKey, validate } from '@concord/model';

import type { DeadLetterRecord } from './dead-letter.repository';

function tenantOf(message: ConsumedMessage): string | null {
  const candidate =
    message.headers[MessageHeaders.tenant] ?? (message.key ? tenantOfKey(message.key) : null);
  return candidate !== null && validate(TenantId, candidate).ok ? candidate : null;
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * What the collector stores of a message on a `dlq.*` topic: the tenant (x-tenant), where the
 * failed consumer read it and why it gave up (x-dlq-* headers), the key, value and headers as they
 * are. Missing context falls back to the dead-letter topic's own coordinates.
 */
export function toDeadLetter(
  message: ConsumedMessage,
): Omit<DeadLetterRecord, 'id' | 'status' | 'createdAt' | 'resolvedAt'> {
  const h = message.headers;
  const H = DeadLetterHeaders;
  const partition = integer(h[H.originalPartition]);
  const offset = h[H.originalOffset];
  return {
    tenantId: tenantOf(message),
    consumerGroup: h[H.consumerGroup] ?? 'unknown',
    topic: h[H.originalTopic] ?? message.topic,
    partition: partition ?? message.partition,
    offset: offset !== undefined && /^\d+$/.test(offset) ? offset : message.offset,
    key: message.key,
    payload: message.value === null ? null : message.value.toString('utf8'),
    headers: { ...h },
    error: {
      code: h[H.errorCode] ?? 'UNKNOWN',
      category: h[H.errorCategory] ?? 'unknown',
      message: h[H.errorMessage] ?? '',
      attempts: integer(h[H.attempts]),
      failedAt: h[H.failedAt] ?? null,
    },
  };
}
