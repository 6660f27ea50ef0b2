import { Kafka, logLevel } from 'kafkajs';

import { randomSuffix } from './test-ids';

export interface RawMessage {
  key: string | null;
  /** Serialised as JSON unless it is already a string; null is a tombstone. */
  value: unknown;
  headers?: Record<string, string>;
}

/**
 * Produces messages straight onto a topic (idempotent, acks=all), bypassing every Concord
 * producer: what a test needs to play a compromised or buggy publisher.
 */
export async function publishMessages(
  brokers: string[],
  topic: string,
  messages: RawMessage[],
): Promise<void> {
  const kafka = new Kafka({
    clientId: `publisher-${randomSuffix()}`,
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map(({ key, value, headers }) => ({
        key,
        value: value === null ? null : typeof value === 'string' ? value : JSON.stringify(value),
        ...(headers ? { headers } : {}),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}
