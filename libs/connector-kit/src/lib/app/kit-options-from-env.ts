import { KeyRing } from '@concord/auth';

import type { ConnectorKitOptions } from '../definition/connector-kit-options';
import type { ConnectorEnvConfig } from './connector-env';

/** Loopback `host:port` entries the connector may call: its own list and the platform's. */
export function allowedLoopbackFromEnv(
  config: Pick<
    ConnectorEnvConfig,
    'CONNECTOR_ALLOWED_LOOPBACK' | 'CONCORD_OUTBOUND_ALLOWED_LOOPBACK'
  >,
): string[] {
  return [
    ...new Set([...config.CONNECTOR_ALLOWED_LOOPBACK, ...config.CONCORD_OUTBOUND_ALLOWED_LOOPBACK]),
  ];
}

/** The kit's run-time options from a connector's validated environment. */
export function kitOptionsFromEnv(config: ConnectorEnvConfig): ConnectorKitOptions {
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    kafkaSecurity: {
      KAFKA_SASL_MECHANISM: config.KAFKA_SASL_MECHANISM,
      KAFKA_SASL_USERNAME: config.KAFKA_SASL_USERNAME,
      KAFKA_SASL_PASSWORD: config.KAFKA_SASL_PASSWORD,
      KAFKA_SSL: config.KAFKA_SSL,
      KAFKA_SSL_CA_FILE: config.KAFKA_SSL_CA_FILE,
      KAFKA_SSL_CERT_FILE: config.KAFKA_SSL_CERT_FILE,
      KAFKA_SSL_KEY_FILE: config.KAFKA_SSL_KEY_FILE,
    },
    redisUrl: config.REDIS_URL,
    redisTlsCaFile: config.REDIS_TLS_CA_FILE,
    keyRing: new KeyRing(config.CONCORD_SECRETS_KEYS, config.CONCORD_SECRETS_ACTIVE_KEY),
    allowedLoopback: allowedLoopbackFromEnv(config),
    publicUrl: config.CONNECTOR_PUBLIC_URL,
    statusIntervalMs: config.CONNECTOR_STATUS_INTERVAL_MS,
    reconciliationIntervalMs: config.CONNECTOR_RECONCILIATION_INTERVAL_MS,
    pausedRetryDelayMs: config.CONNECTOR_PAUSED_RETRY_DELAY_MS,
    maxAttempts: config.CONNECTOR_MAX_ATTEMPTS,
    subscriptionLeaseMs: config.CONNECTOR_SUBSCRIPTION_LEASE_MS,
  };
}
