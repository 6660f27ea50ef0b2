import { KeyRing } from '@concord/auth';
import type { ConnectorKitOptions } from '@concord/connector-kit';

import type { StripeConnectorConfig } from './stripe-connector-env';

/** The connector kit's run-time options from the validated environment. */
export function kitOptionsFrom(config: StripeConnectorConfig): ConnectorKitOptions {
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    redisUrl: config.REDIS_URL,
    keyRing: new KeyRing(config.CONCORD_SECRETS_KEYS, config.CONCORD_SECRETS_ACTIVE_KEY),
    allowedLoopback: [
      ...new Set([
        ...config.CONNECTOR_ALLOWED_LOOPBACK,
        ...config.CONCORD_OUTBOUND_ALLOWED_LOOPBACK,
      ]),
    ],
    publicUrl: config.CONNECTOR_PUBLIC_URL,
    statusIntervalMs: config.CONNECTOR_STATUS_INTERVAL_MS,
    reconciliationIntervalMs: config.CONNECTOR_RECONCILIATION_INTERVAL_MS,
    pausedRetryDelayMs: config.CONNECTOR_PAUSED_RETRY_DELAY_MS,
    maxAttempts: config.CONNECTOR_MAX_ATTEMPTS,
  };
}
