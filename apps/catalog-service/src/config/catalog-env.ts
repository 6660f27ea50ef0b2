import {
  bool,
  databaseEnv,
  defineEnv,
  duration,
  type EnvConfig,
  httpEnv,
  int,
  kafkaEnv,
  logEnv,
  outboundEnv,
  port,
  secretsEnv,
  str,
} from '@concord/config';

import { rateLimitsEnv } from '../rate-limits/rate-limits.env';
import { syncEnv } from '../sync/sync.env';

const DATABASE_NAME = {
  regex: /^[a-z_][a-z0-9_]{0,62}$/,
  description: 'a database name (lower-case letters, digits and "_", not starting with a digit)',
};

/**
 * What the outbox relay needs, inside catalog-service or as its own process (relay.ts). Every
 * relay of one deployment must use the same OUTBOX_RELAY_SHARDS: the shard of a row decides which
 * advisory lock guards it.
 */
export const outboxEnv = defineEnv({
  ...databaseEnv,
  CATALOG_DATABASE: str({ default: 'concord', pattern: DATABASE_NAME }),
  ...kafkaEnv,
  KAFKA_CLIENT_ID: str({
    default: 'catalog-service',
    pattern: { regex: /^[A-Za-z0-9._-]+$/, description: 'letters, digits, ".", "_" or "-"' },
  }),
  ...logEnv,
  OUTBOX_RELAY_ENABLED: bool({ default: true }),
  OUTBOX_RELAY_SHARDS: int({ default: 4, min: 1, max: 1024 }),
  OUTBOX_POLL_INTERVAL_MS: duration({ default: 500, min: 10, max: 60_000 }),
  OUTBOX_BATCH_SIZE: int({ default: 200, min: 1, max: 5000 }),
  OUTBOX_RETENTION_HOURS: int({ default: 72, min: 1 }),
  /** `published`: prune rows published long enough ago; `created`: by age alone (Debezium mode). */
  OUTBOX_PRUNE_BY: str({ choices: ['published', 'created'], default: 'published' }),
  OUTBOX_PRUNE_INTERVAL_MS: duration({ default: 600_000, min: 1000 }),
  INBOX_RETENTION_HOURS: int({ default: 168, min: 1 }),
  IDEMPOTENCY_RETENTION_HOURS: int({ default: 168, min: 1 }),
  CATALOG_TOPIC_PARTITIONS: int({ default: 6, min: 1, max: 1000 }),
});
export type OutboxEnvConfig = EnvConfig<typeof outboxEnv>;

/** The standalone relay process: the outbox settings plus a port for its health endpoints. */
export const relayProcessEnv = defineEnv({
  ...outboxEnv,
  ...httpEnv,
  PORT: port({ default: 3010 }),
});
export type RelayProcessConfig = EnvConfig<typeof relayProcessEnv>;

/** catalog-service: the REST API, the store and (by default) the relay. */
export const catalogEnv = defineEnv({
  ...outboxEnv,
  ...httpEnv,
  PORT: port({ default: 3000 }),
  CONCORD_ADMIN_API_KEY: str({
    secret: true,
    pattern: { regex: /^\S{24,}$/, description: 'at least 24 characters without spaces' },
  }),
  ...secretsEnv,
  /** Simulators' host:port that integration URLs may name (refused otherwise, like connectors do). */
  ...outboundEnv,
  RUN_MIGRATIONS: bool({ default: false }),
  ...syncEnv,
  ...rateLimitsEnv,
  /**
   * Tests only: shifts this process's clock by this many milliseconds (the chaos suite runs two
   * replicas a second apart to show that no decision depends on a process clock).
   */
  CONCORD_TEST_CLOCK_OFFSET_MS: int({ default: 0, min: -3_600_000, max: 3_600_000 }),
});
export type CatalogConfig = EnvConfig<typeof catalogEnv>;

/** The migration command: only where the database is. */
export const migrationEnv = defineEnv({
  ...databaseEnv,
  CATALOG_DATABASE: str({ default: 'concord', pattern: DATABASE_NAME }),
  ...logEnv,
});
export type MigrationConfig = EnvConfig<typeof migrationEnv>;
