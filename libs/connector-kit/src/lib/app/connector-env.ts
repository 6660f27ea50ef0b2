import {
  defineEnv,
  duration,
  type EnvConfig,
  httpEnv,
  int,
  kafkaEnv,
  list,
  logEnv,
  outboundEnv,
  port,
  redisEnv,
  secretsEnv,
  str,
  url,
} from '@concord/config';

/** What differs between connectors in the environment every connector reads. */
export interface ConnectorEnvDefaults {
  /** The app's name, e.g. `connector-stripe`: the Kafka client id's default. */
  service: string;
  /** The HTTP port (3101 Stripe, 3102 Salesforce, 3103 Xero...). */
  port: number;
}

const KAFKA_CLIENT_ID_RULE = {
  regex: /^[A-Za-z0-9._-]+$/,
  description: 'letters, digits, ".", "_" or "-"',
};
const LOOPBACK_ENTRY = {
  regex: /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/,
  description: 'host:port',
};

/**
 * The environment slice every connector reads (Kafka, HTTP, logs, Redis, the secrets key ring, the
 * outbound allow-list and the kit's own settings), validated before it boots. A connector spreads
 * it into its own `defineEnv` and adds its system's settings (its default rate limit, API version).
 */
export function connectorEnv(defaults: ConnectorEnvDefaults) {
  return defineEnv({
    ...kafkaEnv,
    KAFKA_CLIENT_ID: str({ default: defaults.service, pattern: KAFKA_CLIENT_ID_RULE }),
    ...httpEnv,
    PORT: port({ default: defaults.port }),
    ...logEnv,
    ...redisEnv,
    ...secretsEnv,
    ...outboundEnv,
    /** Loopback `host:port` entries the connector may call (its simulator), e.g. 127.0.0.1:12111. */
    CONNECTOR_ALLOWED_LOOPBACK: list({ default: [], item: LOOPBACK_ENTRY }),
    /** This app's base URL as the external system reaches it (where its webhooks are delivered). */
    CONNECTOR_PUBLIC_URL: url({
      protocols: ['http:', 'https:'],
      default: `http://127.0.0.1:${defaults.port}`,
    }),
    CONNECTOR_STATUS_INTERVAL_MS: duration({ default: 15_000, min: 500 }),
    /** Scheduled reconciliation period; 0 turns it off (on-demand reconciliation still works). */
    CONNECTOR_RECONCILIATION_INTERVAL_MS: duration({ default: 3_600_000, min: 0 }),
    CONNECTOR_PAUSED_RETRY_DELAY_MS: duration({ default: 10_000, min: 100 }),
    CONNECTOR_MAX_ATTEMPTS: int({ default: 15, min: 1, max: 100 }),
    /** How soon another replica takes a dead one's subscription (e.g. change events) over. */
    CONNECTOR_SUBSCRIPTION_LEASE_MS: duration({ default: 30_000, min: 1_000 }),
  });
}

/** The fields of `connectorEnv` (a connector's own schema extends them). */
export type ConnectorEnvSchema = ReturnType<typeof connectorEnv>;

/** The validated values of `connectorEnv` (a connector's own config extends them). */
export type ConnectorEnvConfig = EnvConfig<ConnectorEnvSchema>;
