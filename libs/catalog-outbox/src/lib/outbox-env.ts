import { defineEnv, duration, type EnvConfig, int, kafkaEnv, str } from '@concord/config';

/**
 * The relay's and the pruner's settings, wherever they run (apps/outbox-relay, or embedded in
 * catalog-service). Every relay of one deployment must use the same OUTBOX_RELAY_SHARDS: the shard
 * of a row decides which advisory lock guards it. Topics and their partitions are not settings:
 * they come from the model's topic catalog.
 */
export const outboxRelayEnv = defineEnv({
  ...kafkaEnv,
  OUTBOX_RELAY_SHARDS: int({ default: 4, min: 1, max: 1024 }),
  OUTBOX_POLL_INTERVAL_MS: duration({ default: 500, min: 10, max: 60_000 }),
  OUTBOX_BATCH_SIZE: int({ default: 1000, min: 1, max: 5000 }),
  OUTBOX_RETENTION_HOURS: int({ default: 72, min: 1 }),
  /** `published`: prune rows published long enough ago; `created`: by age alone (Debezium mode). */
  OUTBOX_PRUNE_BY: str({ choices: ['published', 'created'], default: 'published' }),
  OUTBOX_PRUNE_INTERVAL_MS: duration({ default: 600_000, min: 1000 }),
  INBOX_RETENTION_HOURS: int({ default: 168, min: 1 }),
  IDEMPOTENCY_RETENTION_HOURS: int({ default: 168, min: 1 }),
});
export type OutboxRelayConfig = EnvConfig<typeof outboxRelayEnv>;
