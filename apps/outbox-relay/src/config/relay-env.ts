import { outboxRelayEnv } from '@concord/catalog-outbox';
import {
  databaseEnv,
  defineEnv,
  type EnvConfig,
  httpEnv,
  logEnv,
  port,
  str,
} from '@concord/config';

/**
 * outbox-relay: the catalog database's server (DATABASE_URL, DATABASE_SSL*) and name
 * (CATALOG_DATABASE), Kafka, the relay settings of libs/catalog-outbox, and a port for its health
 * and metrics endpoints.
 */
export const relayEnv = defineEnv({
  ...databaseEnv,
  CATALOG_DATABASE: str({
    default: 'concord',
    pattern: {
      regex: /^[a-z_][a-z0-9_]{0,62}$/,
      description:
        'a database name (lower-case letters, digits and "_", not starting with a digit)',
    },
  }),
  ...outboxRelayEnv,
  KAFKA_CLIENT_ID: str({
    default: 'outbox-relay',
    pattern: { regex: /^[A-Za-z0-9._-]+$/, description: 'letters, digits, ".", "_" or "-"' },
  }),
  ...logEnv,
  ...httpEnv,
  PORT: port({ default: 3010 }),
});
export type RelayConfig = EnvConfig<typeof relayEnv>;
