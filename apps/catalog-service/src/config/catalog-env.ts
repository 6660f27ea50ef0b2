import { outboxRelayEnv } from '@concord/catalog-outbox';
import {
  bool,
  databaseEnv,
  defineEnv,
  type EnvConfig,
  httpEnv,
  int,
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
 * The outbox settings of catalog-service: where the outbox is, and the relay's and pruner's
 * settings (libs/catalog-outbox) for when it embeds the relay. OUTBOX_RELAY=external leaves
 * publishing to apps/outbox-relay (or Debezium); catalog-service then only appends and prunes.
 */
export const outboxEnv = defineEnv({
  ...databaseEnv,
  CATALOG_DATABASE: str({ default: 'concord', pattern: DATABASE_NAME }),
  ...outboxRelayEnv,
  KAFKA_CLIENT_ID: str({
    default: 'catalog-service',
    pattern: { regex: /^[A-Za-z0-9._-]+$/, description: 'letters, digits, ".", "_" or "-"' },
  }),
  ...logEnv,
  OUTBOX_RELAY: str({ choices: ['embedded', 'external'], default: 'embedded' }),
});
export type OutboxEnvConfig = EnvConfig<typeof outboxEnv>;

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
