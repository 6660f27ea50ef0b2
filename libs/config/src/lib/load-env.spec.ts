import { ValidationError, ValidationErrorCode } from '@concord/errors';

import { ConfigError } from './config.error';
import { bool } from './fields/bool.field';
import { port } from './fields/int.field';
import { str } from './fields/str.field';
import { defineEnv, loadEnv } from './load-env';
import { databaseEnv } from './slices/database.env';
import { kafkaEnv } from './slices/kafka.env';
import { logEnv } from './slices/log.env';

const appEnv = defineEnv({
  ...kafkaEnv,
  ...databaseEnv,
  ...logEnv,
  PORT: port(),
  KAFKA_BROKERS: kafkaEnv.KAFKA_BROKERS,
  WEBHOOK_SECRET: str({ secret: true }),
  FEATURE_X: bool({ default: false }),
});

describe('loadEnv', () => {
  it('returns a typed, frozen config', () => {
    const config = loadEnv(appEnv, {
      PORT: '8080',
      WEBHOOK_SECRET: 'whsec_123',
      LOG_LEVEL: 'debug',
    });
    const level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' = config.LOG_LEVEL;
    const databaseUrl: string | undefined = config.DATABASE_URL;
    // @ts-expect-error an optional variable may be undefined
    const requiredUrl: string = config.DATABASE_URL;
    expect(level).toBe('debug');
    expect(databaseUrl).toBeUndefined();
    expect(requiredUrl).toBeUndefined();
    expect(config.PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
  });

  it('names every bad variable at once, in schema order, with the reason', () => {
    let caught: unknown;
    try {
      loadEnv(appEnv, {
        PORT: 'abc',
        KAFKA_SESSION_TIMEOUT_MS: 'forever',
        LOG_LEVEL: 'loud',
        WEBHOOK_SECRET: '',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ConfigError;
    expect(error.code).toBe(ValidationErrorCode.INVALID_CONFIGURATION);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'Invalid environment: ' +
        'KAFKA_SESSION_TIMEOUT_MS must be a duration between 6000 and 1800000 ms ' +
        '(milliseconds, or a number with ms, s, m, h or d) (got "forever"); ' +
        'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal (got "loud"); ' +
        'PORT must be an integer between 1 and 65535 (got "abc"); ' +
        'WEBHOOK_SECRET is required',
    );
    expect(error.fields.map((field) => field.field)).toEqual([
      'KAFKA_SESSION_TIMEOUT_MS',
      'LOG_LEVEL',
      'PORT',
      'WEBHOOK_SECRET',
    ]);
  });

  it('never puts a secret value in the error, its fields or its JSON', () => {
    const secret = 'sk_live_very_secret_value';
    const schema = defineEnv({
      API_KEY: str({ secret: true, choices: ['a'] }),
      PORT: port(),
    });
    let caught: ConfigError | undefined;
    try {
      loadEnv(schema, { API_KEY: secret, PORT: '0' });
    } catch (error) {
      caught = error as ConfigError;
    }
    expect(caught?.message).toContain('API_KEY must be one of a (got a value of 25 characters)');
    expect(JSON.stringify(caught)).not.toContain(secret);
    expect(caught?.message).not.toContain(secret);
    expect(String(caught?.stack)).not.toContain(secret);
  });

  it('reads process.env when no source is given', () => {
    const name = `CONCORD_CONFIG_SPEC_${process.pid}`;
    process.env[name] = 'from-process';
    try {
      expect(loadEnv({ [name]: str() })[name]).toBe('from-process');
    } finally {
      delete process.env[name];
    }
  });
});
