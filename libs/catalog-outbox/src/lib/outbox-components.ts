import { createKafkaClient, type KafkaLogger, kafkaSecurityOptions } from '@concord/kafka';

import type { OutboxRelayConfig } from './outbox-env';
import { type PruneSettings } from './outbox-pruner';
import { KafkaOutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';
import { OutboxRouting } from './outbox-routing';

/** The relay as configured, in apps/outbox-relay and embedded in catalog-service alike. */
export function createOutboxRelay(
  config: OutboxRelayConfig,
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
  const routing = new OutboxRouting(config.KAFKA_TOPIC_PREFIX);
  return new OutboxRelay(new KafkaOutboxPublisher(kafka, routing.topics, logger), {
    databaseUrl,
    shards: config.OUTBOX_RELAY_SHARDS,
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    routing,
    logger,
    onPublished,
  });
}

export function pruneSettingsOf(config: OutboxRelayConfig): PruneSettings {
  return {
    outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
    pruneBy: config.OUTBOX_PRUNE_BY,
    inboxRetentionHours: config.INBOX_RETENTION_HOURS,
    idempotencyRetentionHours: config.IDEMPOTENCY_RETENTION_HOURS,
  };
}
