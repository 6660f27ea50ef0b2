import { ConfigError } from '../config.error';
import { loadEnv } from '../load-env';
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
      PORT: 3000,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
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
    expect(config).toEqual({
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
