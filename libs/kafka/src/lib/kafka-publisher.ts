import { RetryableError, RetryableErrorCode } from '@concord/errors';
import {
  CompressionTypes,
  Kafka,
  type Message,
  Partitioners,
  Producer,
  RecordMetadata,
} from 'kafkajs';

import { encodeHeaders, MessageHeaderMap } from './headers';

/** Calls merged into one produce request carry at most about this many bytes (brokers accept 1 MiB). */
const MAX_MERGED_BYTES = 512 * 1024;

export interface OutgoingMessage {
  key: string | null;
  /** Objects are JSON-encoded; strings and Buffers are sent as they are. */
  value: Buffer | string | object | null;
  headers?: MessageHeaderMap;
}

export interface TopicBatch {
  topic: string;
  messages: OutgoingMessage[];
}

function encodeValue(value: OutgoingMessage['value']): Buffer | string | null {
  if (value === null || typeof value === 'string' || Buffer.isBuffer(value)) return value;
  return JSON.stringify(value);
}

/**
 * The one way Concord produces: idempotent (no duplicates from producer retries), acks from all
 * in-sync replicas, one request in flight so retries never reorder, keyed messages always on the
 * same partition (the default murmur2 partitioner, as in the Java client), and concurrent sends
 * merged into one request (group commit).
 */
export class KafkaPublisher {
  private readonly producer: Producer;
  private connected = false;
  /** Shared by concurrent callers (runners sharing one publisher start together). */
  private connecting?: Promise<void>;
  private readonly transactional: boolean;
  private readonly waiting: WaitingCall[] = [];
  private draining = false;

  constructor(kafka: Kafka, options: { transactionalId?: string } = {}) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: options.transactionalId,
    });
    this.transactional = options.transactionalId !== undefined;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().then(
      () => {
        this.connected = true;
      },
      (error: unknown) => {
        // Forget the failure so a later call (the broker is back) connects again.
        this.connecting = undefined;
        throw error;
      },
    );
    await this.connecting;
  }

  async disconnect(): Promise<void> {
    const connecting = this.connecting;
    if (!connecting) return;
    await connecting.catch(() => undefined);
    this.connecting = undefined;
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]> {
    return this.sendBatch([{ topic, messages }]);
  }

  /**
   * Sends messages to one or more topics; resolves once all are acknowledged. Calls made while a
   * request is in flight are merged into the next one (one produce request for all of them, each
   * call's messages in order), so concurrent callers share a round trip instead of queueing for
   * one each; a failure of the merged request fails every call in it.
   */
  sendBatch(batches: TopicBatch[]): Promise<RecordMetadata[]> {
    const encoded = batches
      .filter((b) => b.messages.length > 0)
      .map(({ topic, messages }) => ({ topic, messages: messages.map(encodeMessage) }));
    if (encoded.length === 0) return Promise.resolve([]);
    if (this.transactional) return this.produce(encoded);
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      this.waiting.push({ batches: encoded, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const group = takeGroup(this.waiting);
        try {
          const sent = await this.produce(mergeByTopic(group.flatMap((call) => call.batches)));
          for (const call of group) {
            const topics = new Set(call.batches.map((b) => b.topic));
            call.resolve(sent.filter((metadata) => topics.has(metadata.topicName)));
          }
        } catch (error) {
          for (const call of group) call.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async produce(topicMessages: EncodedBatch[]): Promise<RecordMetadata[]> {
    try {
      return await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages,
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

/** One call's messages, ready for kafkajs. */
interface EncodedBatch {
  topic: string;
  messages: Message[];
}

interface WaitingCall {
  batches: EncodedBatch[];
  resolve: (metadata: RecordMetadata[]) => void;
  reject: (error: unknown) => void;
}

function encodeMessage(m: OutgoingMessage): Message {
  return { key: m.key, value: encodeValue(m.value), headers: encodeHeaders(m.headers) };
}

function sizeOf(batches: EncodedBatch[]): number {
  let bytes = 0;
  for (const batch of batches) {
    for (const m of batch.messages) {
      bytes += (m.value?.length ?? 0) + (typeof m.key === 'string' ? m.key.length : 0) + 64;
    }
  }
  return bytes;
}

/** The waiting calls that go in the next request: at least one, then as many as fit. */
function takeGroup(waiting: WaitingCall[]): WaitingCall[] {
  let bytes = sizeOf(waiting[0].batches);
  let count = 1;
  while (count < waiting.length) {
    const next = sizeOf(waiting[count].batches);
    if (bytes + next > MAX_MERGED_BYTES) break;
    bytes += next;
    count += 1;
  }
  return waiting.splice(0, count);
}

/** One entry per topic, the messages in call order (so per-key order is kept). */
function mergeByTopic(batches: EncodedBatch[]): EncodedBatch[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, messages } of batches) {
    const list = byTopic.get(topic);
    if (list) list.push(...messages);
    else byTopic.set(topic, [...messages]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
