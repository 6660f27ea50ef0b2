import { RetryableError, RetryableErrorCode } from '@concord/errors';
import {
  CompressionTypes,
  Kafka,
  Partitioners,
  Producer,
  RecordMetadata,
  TopicMessages,
} from 'kafkajs';

import { encodeHeaders, MessageHeaderMap } from './headers';
import { SendCoalescer } from './send-coalescer';

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
 * Protocol errors after which the broker no longer agrees with the idempotent producer's id and
 * sequence numbers: a broker that lost its data hands producer ids out again from the start, so a
 * new producer can get the id of one still producing, and every send of it is then refused. Only
 * a new producer id helps.
 */
const PRODUCER_STATE_ERRORS: ReadonlySet<string> = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** Whether `error` (or an error it wraps) is one of PRODUCER_STATE_ERRORS. */
function lostProducerState(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { type, cause, originalError } = current as {
      type?: unknown;
      cause?: unknown;
      originalError?: unknown;
    };
    if (typeof type === 'string' && PRODUCER_STATE_ERRORS.has(type)) return true;
    current = cause ?? originalError;
  }
  return false;
}

/**
 * The one way Concord produces: idempotent (no duplicates from producer retries), acks from all
 * in-sync replicas, one request in flight so retries never reorder, and keyed messages always on
 * the same partition (the default murmur2 partitioner, as in the Java client). Sends made while a
 * request is in flight share the next one (`SendCoalescer`): one produce request carries many
 * callers' messages under load, and a lone send leaves at once.
 */
export class KafkaPublisher {
  private producer: Producer;
  private readonly coalescer = new SendCoalescer((topicMessages) => this.produce(topicMessages));
  private connected = false;
  /** Shared by concurrent callers (runners sharing one publisher start together). */
  private connecting?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: { transactionalId?: string } = {},
  ) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: this.options.transactionalId,
    });
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
   * Sends and resolves once every in-sync replica has the messages. The metadata is that of the
   * produce request that carried them, which may hold other callers' messages too.
   */
  async sendBatch(
    batches: Array<{ topic: string; messages: OutgoingMessage[] }>,
  ): Promise<RecordMetadata[]> {
    if (batches.every((b) => b.messages.length === 0)) return [];
    return this.coalescer.send(
      batches.map(({ topic, messages }) => ({
        topic,
        messages: messages.map((m) => ({
          key: m.key,
          value: encodeValue(m.value),
          headers: encodeHeaders(m.headers),
        })),
      })),
    );
  }

  private async produce(topicMessages: TopicMessages[]): Promise<RecordMetadata[]> {
    try {
      return await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages,
      });
    } catch (error) {
      // The failed send is reported (its caller retries it); the next goes out under a new id.
      if (lostProducerState(error) && this.options.transactionalId === undefined) {
        await this.renewProducer();
      }
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

  /** Replaces the producer by a new one (a new producer id), connected if the old one was. */
  private async renewProducer(): Promise<void> {
    const old = this.producer;
    const wasConnected = this.connected;
    this.producer = this.newProducer();
    this.connecting = undefined;
    this.connected = false;
    await old.disconnect().catch(() => undefined);
    if (wasConnected) await this.connect().catch(() => undefined);
  }
}
