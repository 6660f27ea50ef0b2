import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '../config.error';
import { loadEnv } from '../load-env';
import { redactedConfig } from '../redacted-config';
import { databaseEnv } from './database.env';
import { httpEnv } from './http.env';
import { kafkaEnv } from './kafka.env';
import { logEnv } from './log.env';
import { outboundEnv } from './outbound.env';
import { redisEnv } from './redis.env';

function messageOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('ready-made slices', () => {
  it('give working defaults for local development', () => {
    expect(
      loadEnv(
        { ...kafkaEnv, ...httpEnv, ...logEnv, ...databaseEnv, ...redisEnv, ...outboundEnv },
        {},
      ),
    ).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CLIENT_ID: 'concord',
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
      KAFKA_SASL_MECHANISM: undefined,
      KAFKA_SASL_USERNAME: undefined,
      KAFKA_SASL_PASSWORD: undefined,
      KAFKA_SSL: false,
      KAFKA_SSL_CA_FILE: undefined,
      KAFKA_SSL_CERT_FILE: undefined,
      KAFKA_SSL_KEY_FILE: undefined,
      PORT: 3000,
      HOST: '127.0.0.1',
      SHUTDOWN_DELAY_MS: 0,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: undefined,
      DATABASE_SSL: undefined,
      DATABASE_SSL_CA_FILE: undefined,
      REDIS_URL: undefined,
      REDIS_TLS_CA_FILE: undefined,
      CONCORD_OUTBOUND_ALLOWED_LOOPBACK: [],
    });
  });

  it('reads the log format and refuses one it does not know, naming the choices', () => {
    expect(loadEnv(logEnv, { LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(messageOf(() => loadEnv(logEnv, { LOG_FORMAT: 'yaml' }))).toBe(
      'Invalid environment: LOG_FORMAT must be one of json, pretty (got "yaml")',
    );
  });

  it('reads Kafka settings and refuses brokers without a port', () => {
    const config = loadEnv(kafkaEnv, {
      KAFKA_BROKERS: '10.0.0.1:9092,kafka-1.internal:19092',
      KAFKA_CLIENT_ID: 'connector-stripe',
      KAFKA_TOPIC_PREFIX: 'test-1a2b.',
      KAFKA_SESSION_TIMEOUT_MS: '45s',
    });
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['10.0.0.1:9092', 'kafka-1.internal:19092'],
      KAFKA_CLIENT_ID: 'connector-stripe',
      KAFKA_TOPIC_PREFIX: 'test-1a2b.',
      KAFKA_SESSION_TIMEOUT_MS: 45_000,
    });
    expect(messageOf(() => loadEnv(kafkaEnv, { KAFKA_BROKERS: 'localhost' }))).toContain(
      'KAFKA_BROKERS must list items that are each host:port',
    );
    expect(messageOf(() => loadEnv(kafkaEnv, { KAFKA_TOPIC_PREFIX: 'bad prefix' }))).toContain(
      'KAFKA_TOPIC_PREFIX must be valid in a Kafka topic name',
    );
  });

  it('accepts postgres and redis URLs and refuses swapped ones', () => {
    expect(loadEnv(databaseEnv, { DATABASE_URL: 'postgresql://db/x' }).DATABASE_URL).toBe(
      'postgresql://db/x',
    );
    expect(loadEnv(redisEnv, { REDIS_URL: 'rediss://cache:6380/2' }).REDIS_URL).toBe(
      'rediss://cache:6380/2',
    );
    expect(messageOf(() => loadEnv(redisEnv, { REDIS_URL: 'postgres://db/x' }))).toBe(
      'Invalid environment: REDIS_URL must be a URL with scheme redis: or rediss: (got "postgres://db/x")',
    );
  });

  it('reads outbound loopback exceptions as host:port entries', () => {
    expect(
      loadEnv(outboundEnv, { CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12111,[::1]:12112' })
        .CONCORD_OUTBOUND_ALLOWED_LOOPBACK,
    ).toEqual(['127.0.0.1:12111', '[::1]:12112']);
    expect(
      messageOf(() => loadEnv(outboundEnv, { CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1' })),
    ).toContain('CONCORD_OUTBOUND_ALLOWED_LOOPBACK must list items that are each host:port');
  });
});

describe('backing-service security settings', () => {
  let dir: string;
  let ca: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'concord-config-'));
    ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    writeFileSync(join(dir, 'client.pem'), 'cert');
    writeFileSync(join(dir, 'client.key'), 'key');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const scram = {
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'concord',
    KAFKA_SASL_PASSWORD: 'pa55-w0rd-value',
  };

  it('reads Kafka SASL/SCRAM and TLS settings with a CA and a client certificate', () => {
    const config = loadEnv(kafkaEnv, {
      ...scram,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SSL_CERT_FILE: join(dir, 'client.pem'),
      KAFKA_SSL_KEY_FILE: join(dir, 'client.key'),
    });
    expect(config).toMatchObject({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'concord',
      KAFKA_SASL_PASSWORD: 'pa55-w0rd-value',
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: ca,
    });
    expect(JSON.stringify(redactedConfig(config, kafkaEnv))).not.toContain('pa55-w0rd-value');
    expect(redactedConfig(config, kafkaEnv)).toMatchObject({ KAFKA_SASL_PASSWORD: '[redacted]' });
  });

  it('refuses inconsistent Kafka settings, naming the variable and never the password', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [
        { KAFKA_SASL_USERNAME: 'concord' },
        'KAFKA_SASL_USERNAME requires KAFKA_SASL_MECHANISM to be set as well',
      ],
      [
        { KAFKA_SASL_PASSWORD: 'pa55-w0rd-value' },
        'KAFKA_SASL_PASSWORD requires KAFKA_SASL_MECHANISM to be set as well',
      ],
      [
        { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'concord' },
        'KAFKA_SASL_MECHANISM requires KAFKA_SASL_PASSWORD to be set as well',
      ],
      [{ ...scram, KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM must be one of'],
      [
        { ...scram, KAFKA_SASL_MECHANISM: 'plain' },
        'KAFKA_SASL_MECHANISM plain sends the password in clear: it requires KAFKA_SSL=true',
      ],
      [{ KAFKA_SSL_CA_FILE: ca }, 'KAFKA_SSL_CA_FILE requires KAFKA_SSL=true'],
      [
        { KAFKA_SSL: 'yes', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') },
        'KAFKA_SSL_CA_FILE must name a file that exists and is readable',
      ],
      [
        { KAFKA_SSL: 'on', KAFKA_SSL_CERT_FILE: join(dir, 'client.pem') },
        'KAFKA_SSL_CERT_FILE requires KAFKA_SSL_KEY_FILE to be set as well',
      ],
      [{ KAFKA_SSL: 'maybe' }, 'KAFKA_SSL must be a boolean'],
    ];
    for (const [env, expected] of cases) {
      const message = messageOf(() => loadEnv(kafkaEnv, env));
      expect(message).toContain(expected);
      expect(message).not.toContain('pa55-w0rd-value');
    }
    expect(
      loadEnv(kafkaEnv, { ...scram, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SSL: '1' }),
    ).toMatchObject({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SSL: true });
  });

  it('reads PostgreSQL TLS modes and refuses a CA without verify-full or a second sslmode', () => {
    expect(
      loadEnv(databaseEnv, {
        DATABASE_URL: 'postgres://app:pw@db.internal/app',
        DATABASE_SSL: 'verify-full',
        DATABASE_SSL_CA_FILE: ca,
      }),
    ).toEqual({
      DATABASE_URL: 'postgres://app:pw@db.internal/app',
      DATABASE_SSL: 'verify-full',
      DATABASE_SSL_CA_FILE: ca,
    });
    expect(messageOf(() => loadEnv(databaseEnv, { DATABASE_SSL: 'prefer' }))).toContain(
      'DATABASE_SSL must be one of disable, require, verify-full',
    );
    expect(
      messageOf(() => loadEnv(databaseEnv, { DATABASE_SSL: 'require', DATABASE_SSL_CA_FILE: ca })),
    ).toContain('DATABASE_SSL_CA_FILE requires DATABASE_SSL=verify-full');
    expect(
      messageOf(() =>
        loadEnv(databaseEnv, {
          DATABASE_URL: 'postgres://db/app?sslmode=disable',
          DATABASE_SSL: 'verify-full',
        }),
      ),
    ).toContain('DATABASE_SSL conflicts with the sslmode parameter of DATABASE_URL');
  });

  it('takes a Redis password in the URL (masked) and a CA only for rediss:', () => {
    const config = loadEnv(redisEnv, {
      REDIS_URL: 'rediss://:s3cret-redis@cache.internal:6380/0',
      REDIS_TLS_CA_FILE: ca,
    });
    expect(config.REDIS_TLS_CA_FILE).toBe(ca);
    expect(JSON.stringify(redactedConfig(config, redisEnv))).not.toContain('s3cret-redis');
    expect(
      messageOf(() =>
        loadEnv(redisEnv, { REDIS_URL: 'redis://cache:6379/0', REDIS_TLS_CA_FILE: ca }),
      ),
    ).toContain('REDIS_TLS_CA_FILE requires REDIS_URL with scheme rediss: (TLS)');
  });
});
