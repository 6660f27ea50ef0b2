import {
  createKafkaClient,
  type KafkaLogger,
  kafkaSecurityOptions,
  type TopicSpec,
} from '@concord/kafka';
import { CatalogTopics, ConnectionsTopic, EntityTypes, withTopicPrefix } from '@concord/model';

import type { OutboxEnvConfig } from '../config/catalog-env';
import { type PruneSettings } from './outbox-pruner';
import { KafkaOutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';

/** The relay as configured, in catalog-service and in the standalone relay process alike. */
export function createOutboxRelay(
  config: OutboxEnvConfig,
  databaseUrl: string,
  logger: KafkaLogger,
  onPublished?: (count: number) => void,
): OutboxRelay {
  const kafka = createKafkaClient({
    brokers: [...config.KAFKA_BROKERS],
    clientId: config.KAFKA_CLIENT_ID,
    logger,
    ...kafkaSecurityOptions(config),
  });
  const topics: TopicSpec[] = EntityTypes.map((entityType) => ({
    name: withTopicPrefix(config.KAFKA_TOPIC_PREFIX, CatalogTopics[entityType]),
    partitions: config.CATALOG_TOPIC_PARTITIONS,
  }));
  // Connection settings also go through the outbox (aggregatetype `connection`).
  topics.push({
    name: withTopicPrefix(config.KAFKA_TOPIC_PREFIX, ConnectionsTopic),
    partitions: 3,
    config: { 'cleanup.policy': 'compact' },
  });
  return new OutboxRelay(new KafkaOutboxPublisher(kafka, topics), {
    databaseUrl,
    shards: config.OUTBOX_RELAY_SHARDS,
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
    onPublished,
  });
}

export function pruneSettingsOf(config: OutboxEnvConfig): PruneSettings {
  return {
    outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
    pruneBy: config.OUTBOX_PRUNE_BY,
    inboxRetentionHours: config.INBOX_RETENTION_HOURS,
    idempotencyRetentionHours: config.IDEMPOTENCY_RETENTION_HOURS,
  };
}
