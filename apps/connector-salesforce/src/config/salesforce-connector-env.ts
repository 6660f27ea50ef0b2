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

/** Everything connector-salesforce reads from its environment, validated before it boots. */
export const salesforceConnectorEnv = defineEnv({
  ...kafkaEnv,
  KAFKA_CLIENT_ID: str({
    default: 'connector-salesforce',
    pattern: { regex: /^[A-Za-z0-9._-]+$/, description: 'letters, digits, ".", "_" or "-"' },
  }),
  ...httpEnv,
  PORT: port({ default: 3102 }),
  ...logEnv,
  ...redisEnv,
  ...secretsEnv,
  ...outboundEnv,
  /** Loopback `host:port` entries the connector may call (the Salesforce simulator), e.g. 127.0.0.1:12121. */
  CONNECTOR_ALLOWED_LOOPBACK: list({
    default: [],
    item: { regex: /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, description: 'host:port' },
  }),
  /** This app's base URL as others reach it (Salesforce sends no webhooks to it today). */
  CONNECTOR_PUBLIC_URL: url({ protocols: ['http:', 'https:'], default: 'http://127.0.0.1:3102' }),
  CONNECTOR_STATUS_INTERVAL_MS: duration({ default: 15_000, min: 500 }),
  /** Scheduled reconciliation period; 0 turns it off (on-demand reconciliation still works). */
  CONNECTOR_RECONCILIATION_INTERVAL_MS: duration({ default: 3_600_000, min: 0 }),
  CONNECTOR_PAUSED_RETRY_DELAY_MS: duration({ default: 10_000, min: 100 }),
  CONNECTOR_MAX_ATTEMPTS: int({ default: 15, min: 1, max: 100 }),
  /** How soon another replica takes a dead one's change event subscription over. */
  CONNECTOR_SUBSCRIPTION_LEASE_MS: duration({ default: 30_000, min: 1_000 }),
  /**
   * Requests per second per tenant. Salesforce limits a day (the org's allocation) and concurrent
   * long requests rather than a rate; this keeps one tenant from spending its day in minutes.
   */
  SALESFORCE_RATE_LIMIT_PER_SECOND: int({ default: 10, min: 1, max: 100 }),
  /** REST API version every call uses (jsforce's `version`). */
  SALESFORCE_API_VERSION: str({
    default: '62.0',
    pattern: { regex: /^\d{2}\.0$/, description: 'a REST API version such as 62.0' },
  }),
});

export type SalesforceConnectorConfig = EnvConfig<typeof salesforceConnectorEnv>;
