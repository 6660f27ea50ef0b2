import { RetryableError, RetryableErrorCode } from '@concord/errors';
import { CompressionTypes, Kafka, Partitioners, Producer, RecordMetadata } from 'kafkajs';

import { encodeHeaders, MessageHeaderMap } from './headers';

export interface OutgoingMessage {
  key: string | null;
  /** Objects are JSON-encoded; strings and Buffers are sent as they are. */
  value: Buffer | string | object | null;
  headers?: MessageHeaderMap;
}

function encodeValue(value: OutgoingMessage['value']): Buffer | string | null {
  if (value === null || typeof value === 'string' || Buffer.isBuffer(value)) return value;
  return JSON.stringify(value);
}

/**
 * The one way Concord produces: idempotent (no duplicates from producer retries), acks from all
 * in-sync replicas, one request in flight so retries never reorder, and keyed messages always on
 * the same partition (the default murmur2 partitioner, as in the Java client).
 */
export class KafkaPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka, options: { transactionalId?: string } = {}) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: options.transactionalId,
    });
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.producer.disconnect();
    this.connected = false;
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]> {
    return this.sendBatch([{ topic, messages }]);
  }

  async sendBatch(
    batches: Array<{ topic: string; messages: OutgoingMessage[] }>,
  ): Promise<RecordMetadata[]> {
    if (batches.every((b) => b.messages.length === 0)) return [];
    try {
      return await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: batches.map(({ topic, messages }) => ({
          topic,
          messages: messages.map((m) => ({
            key: m.key,
            value: encodeValue(m.value),
            headers: encodeHeaders(m.headers),
          })),
        })),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new RetryableError(
        RetryableErrorCode.UPSTREAM_UNAVAILABLE,
        `Kafka publish failed: ${message}`,
        {
          cause: error,
        },
      );
    }
  }
}
