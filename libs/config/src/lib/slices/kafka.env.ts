import type { EnvSource } from '../env-field';
import { bool } from '../fields/bool.field';
import { duration } from '../fields/duration.field';
import { isSet, isTrue, requiresSet, withRule } from '../fields/field-rule';
import { file } from '../fields/file.field';
import { list } from '../fields/list.field';
import { str } from '../fields/str.field';
import { defineEnv } from '../load-env';
import { CRASH_AT_PATTERN } from '../test-crash-points';

/** SASL mechanisms a Kafka client may use (kafkajs names). */
export const KAFKA_SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;

const needsMechanism = (_: unknown, env: EnvSource): string | undefined =>
  isSet(env, 'KAFKA_SASL_MECHANISM') ? undefined : requiresSet(env, ['KAFKA_SASL_MECHANISM']);

const needsSsl = (_: unknown, env: EnvSource): string | undefined =>
  isTrue(env, 'KAFKA_SSL') ? undefined : 'requires KAFKA_SSL=true';

/**
 * Kafka client settings. Apps override KAFKA_CLIENT_ID's default with their own name. SASL and TLS
 * are off by default (a local broker); inconsistent settings refuse to start, naming the variable.
 */
export const kafkaEnv = defineEnv({
  KAFKA_BROKERS: list({
    default: ['127.0.0.1:9092'],
    item: { regex: /^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, description: 'host:port' },
  }),
  KAFKA_CLIENT_ID: str({
    default: 'concord',
    pattern: { regex: /^[A-Za-z0-9._-]+$/, description: 'letters, digits, ".", "_" or "-"' },
  }),
  KAFKA_TOPIC_PREFIX: str({
    default: '',
    pattern: { regex: /^[A-Za-z0-9._-]*$/, description: 'valid in a Kafka topic name' },
  }),
  // The broker's default group.min/max.session.timeout.ms bound what it accepts.
  KAFKA_SESSION_TIMEOUT_MS: duration({ default: 30_000, min: 6_000, max: 1_800_000 }),
  KAFKA_SASL_MECHANISM: withRule(
    str({ choices: KAFKA_SASL_MECHANISMS, optional: true }),
    (mechanism, env) =>
      requiresSet(env, ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) ??
      (mechanism === 'plain' && !isTrue(env, 'KAFKA_SSL')
        ? 'plain sends the password in clear: it requires KAFKA_SSL=true (or use scram-sha-256/512)'
        : undefined),
  ),
  KAFKA_SASL_USERNAME: withRule(str({ optional: true }), needsMechanism),
  KAFKA_SASL_PASSWORD: withRule(str({ optional: true, secret: true }), needsMechanism),
  KAFKA_SSL: bool({ default: false }),
  /** PEM CA bundle to trust instead of the system CAs (a private CA). */
  KAFKA_SSL_CA_FILE: withRule(file({ optional: true }), needsSsl),
  /** PEM client certificate and key, for brokers that authenticate clients by TLS (mTLS). */
  KAFKA_SSL_CERT_FILE: withRule(
    file({ optional: true }),
    (path, env) => needsSsl(path, env) ?? requiresSet(env, ['KAFKA_SSL_KEY_FILE']),
  ),
  KAFKA_SSL_KEY_FILE: withRule(
    file({ optional: true }),
    (path, env) => needsSsl(path, env) ?? requiresSet(env, ['KAFKA_SSL_CERT_FILE']),
  ),
  /** Tests only: kills the process at a named dangerous moment (`test-crash-points.ts`). */
  CONCORD_TEST_CRASH_AT: withRule(
    str({
      optional: true,
      pattern: {
        regex: CRASH_AT_PATTERN,
        description: 'after-external-write or before-offset-commit:<group>, optionally @<nth>',
      },
    }),
    (_, env) =>
      env['NODE_ENV'] === 'production'
        ? 'is for tests only and must be unset in production'
        : undefined,
  ),
});
