import { randomBytes } from 'node:crypto';

import {
  randomSuffix,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  testRedisUrl,
  testTopicPrefix,
} from '@concord/testing';

/**
 * The environment of one test's catalog: its own database (created by the app), topic prefix,
 * admin key and secrets key ring, on the test PostgreSQL server and Kafka broker.
 */
export function catalogTestEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: testDatabaseAdminUrl(),
    CATALOG_DATABASE: `catalog_${randomSuffix()}`,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: testTopicPrefix(),
    REDIS_URL: testRedisUrl(),
    CONCORD_ADMIN_API_KEY: randomBytes(24).toString('base64url'),
    CONCORD_SECRETS_KEYS: `t1:${randomBytes(32).toString('base64')}`,
    CONCORD_SECRETS_ACTIVE_KEY: 't1',
    CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12111,127.0.0.1:12121,127.0.0.1:12131',
    HOST: '127.0.0.1',
    RUN_MIGRATIONS: 'true',
    LOG_LEVEL: process.env.CATALOG_TEST_LOG_LEVEL ?? 'error',
    OUTBOX_RELAY: 'external',
    OUTBOX_POLL_INTERVAL_MS: '100',
    ...overrides,
  };
}
