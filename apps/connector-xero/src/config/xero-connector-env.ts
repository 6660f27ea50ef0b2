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

/** Everything connector-xero reads from its environment, validated before it boots. */
export const xeroConnectorEnv = defineEnv({
  ...kafkaEnv,
  KAFKA_CLIENT_ID: str({
    default: 'connector-xero',
    pattern: { regex: /^[A-Za-z0-9._-]+$/, description: 'letters, digits, ".", "_" or "-"' },
  }),
  ...httpEnv,
  PORT: port({ default: 3103 }),
  ...logEnv,
  ...redisEnv,
  ...secretsEnv,
  ...outboundEnv,
  /** Loopback `host:port` entries the connector may call (the Xero simulator), e.g. 127.0.0.1:12131. */
  CONNECTOR_ALLOWED_LOOPBACK: list({
    default: [],
    item: { regex: /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, description: 'host:port' },
  }),
  /** Base URL Xero delivers webhooks to (this app, as the provider reaches it). */
  CONNECTOR_PUBLIC_URL: url({ protocols: ['http:', 'https:'], default: 'http://127.0.0.1:3103' }),
  CONNECTOR_STATUS_INTERVAL_MS: duration({ default: 15_000, min: 500 }),
  /** Scheduled reconciliation period; 0 turns it off (on-demand reconciliation still works). */
  CONNECTOR_RECONCILIATION_INTERVAL_MS: duration({ default: 3_600_000, min: 0 }),
  CONNECTOR_PAUSED_RETRY_DELAY_MS: duration({ default: 10_000, min: 100 }),
  CONNECTOR_MAX_ATTEMPTS: int({ default: 15, min: 1, max: 100 }),
  /**
   * The app's webhook signing key (one per Xero app, not per organisation). Unset: every delivery,
   * the intent-to-receive check included, is refused with 401.
   */
  XERO_WEBHOOK_KEY: str({ optional: true, secret: true }),
});

export type XeroConnectorConfig = EnvConfig<typeof xeroConnectorEnv>;
