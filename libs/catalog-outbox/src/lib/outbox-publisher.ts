import type { Kafka } from '@concord/kafka';
import { type KafkaLogger, KafkaPublisher, TopicAdmin, type TopicSpec } from '@concord/kafka';

export interface OutboxMessage {
  topic: string;
  key: string;
  /** The stored envelope, as JSON text; null is a tombstone (a deleted connection). */
  value: string | null;
  headers: Record<string, string>;
}

/** Where the relay sends events. Resolves only once every message is acknowledged. */
export interface OutboxPublisher {
  /** Creates missing topics and connects; called until it succeeds. */
  prepare(): Promise<void>;
  /** Sends the messages in ONE produce request (possibly spanning topics). */
  publish(messages: OutboxMessage[]): Promise<void>;
  readonly isConnected: boolean;
  close(): Promise<void>;
}

/**
 * Kafka through the idempotent producer (acks=all, one request in flight: no reordering). The
 * topics it creates come from the model's topic catalog (OutboxRouting); an existing topic with
 * another partition count is reported, not changed (per-key order holds either way).
 */
export class KafkaOutboxPublisher implements OutboxPublisher {
  private readonly producer: KafkaPublisher;
  private readonly admin: TopicAdmin;

  constructor(
    kafka: Kafka,
    private readonly topics: readonly TopicSpec[],
    private readonly logger?: KafkaLogger,
  ) {
    this.producer = new KafkaPublisher(kafka);
    this.admin = new TopicAdmin(kafka);
  }

  get isConnected(): boolean {
    return this.producer.isConnected;
  }

  async prepare(): Promise<void> {
    await this.admin.ensureTopics([...this.topics]);
    for (const mismatch of await this.admin.partitionMismatches([...this.topics])) {
      this.logger?.warn(
        mismatch,
        'topic exists with other partitions than the topic catalog declares; left as it is',
      );
    }
    await this.admin.disconnect();
    await this.producer.connect();
  }

  async publish(messages: OutboxMessage[]): Promise<void> {
    const byTopic = new Map<string, OutboxMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    await this.producer.sendBatch(
      [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map(({ key, value, headers }) => ({ key, value, headers })),
      })),
    );
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
