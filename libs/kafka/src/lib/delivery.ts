import { KafkaMessage } from 'kafkajs';

import { ConsumedMessage } from './consumed-message';
import { RetryHeaders } from './delivery-headers';
import { decodeHeaders, MessageHeaderMap } from './headers';
import { OutgoingMessage } from './kafka-publisher';

/** Where a record was actually read from: this is what the runner commits. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** A record as delivered, unwrapped from any retry-topic hop. */
export interface Delivery {
  position: RecordPosition;
  /** The message as the handler sees it, minus the per-attempt fields. */
  message: Omit<ConsumedMessage, 'attempt' | 'heartbeat'>;
  /** Attempts already made before this delivery (0 for a first delivery). */
  previousAttempts: number;
  /** Epoch ms before which the message must not be handled (0: now). */
  notBefore: number;
  /** The consumer group a retry-topic record is addressed to, if any. */
  retryGroup?: string;
}

const RETRY_HEADER_NAMES = new Set<string>(Object.values(RetryHeaders));

function nonNegativeInteger(value: string | undefined): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.floor(parsed) : 0;
}

/** Reads a kafkajs record; a retry-topic record is presented as it was first consumed. */
export function readDelivery(topic: string, partition: number, raw: KafkaMessage): Delivery {
  const all = decodeHeaders(raw.headers);
  const headers: MessageHeaderMap = {};
  for (const [name, value] of Object.entries(all)) {
    if (!RETRY_HEADER_NAMES.has(name)) headers[name] = value;
  }
  const originalTopic = all[RetryHeaders.originalTopic];
  return {
    position: { topic, partition, offset: raw.offset },
    message: {
      topic: originalTopic ?? topic,
      partition: originalTopic
        ? nonNegativeInteger(all[RetryHeaders.originalPartition])
        : partition,
      offset: originalTopic ? (all[RetryHeaders.originalOffset] ?? raw.offset) : raw.offset,
      key: raw.key?.toString('utf8') ?? null,
      value: raw.value,
      headers,
      timestamp: raw.timestamp,
    },
    previousAttempts: nonNegativeInteger(all[RetryHeaders.attempt]),
    notBefore: nonNegativeInteger(all[RetryHeaders.notBefore]),
    retryGroup: all[RetryHeaders.consumerGroup],
  };
}

/** The record that carries a failed message to the retry topic for a later attempt. */
export function retryRecord(
  message: ConsumedMessage,
  consumerGroup: string,
  notBefore: number,
): OutgoingMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [RetryHeaders.attempt]: String(message.attempt),
      [RetryHeaders.notBefore]: String(notBefore),
      [RetryHeaders.originalTopic]: message.topic,
      [RetryHeaders.originalPartition]: String(message.partition),
      [RetryHeaders.originalOffset]: message.offset,
      [RetryHeaders.consumerGroup]: consumerGroup,
    },
  };
}
