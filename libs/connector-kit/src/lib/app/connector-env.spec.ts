import { ConfigError, defineEnv, int, loadEnv } from '@concord/config';

import { connectorEnv } from './connector-env';
import { kitOptionsFromEnv } from './kit-options-from-env';

const keys = {
  CONCORD_SECRETS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CONCORD_SECRETS_ACTIVE_KEY: 'k1',
};

const exampleEnv = defineEnv({
  ...connectorEnv({ service: 'connector-example', port: 3199 }),
  EXAMPLE_RATE_LIMIT_PER_SECOND: int({ default: 5, min: 1, max: 50 }),
});

describe('connectorEnv', () => {
  it('gives a connector its port, client id and public URL, in-process budgets, and the simulator allowed only when listed', () => {
    const config = loadEnv(exampleEnv, keys);
    expect(config).toMatchObject({
      PORT: 3199,
      KAFKA_CLIENT_ID: 'connector-example',
      REDIS_URL: undefined,
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3199',
      CONNECTOR_ALLOWED_LOOPBACK: [],
      CONNECTOR_MAX_ATTEMPTS: 15,
      EXAMPLE_RATE_LIMIT_PER_SECOND: 5,
    });
    const options = kitOptionsFromEnv(
      loadEnv(exampleEnv, {
        ...keys,
        CONNECTOR_ALLOWED_LOOPBACK: '127.0.0.1:12111',
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12111,127.0.0.1:12112',
        REDIS_URL: 'redis://127.0.0.1:6379/1',
      }),
    );
    expect(options.clientId).toBe('connector-example');
    expect(options.subscriptionLeaseMs).toBe(30_000);
    expect(options.allowedLoopback).toEqual(['127.0.0.1:12111', '127.0.0.1:12112']);
    expect(options.redisUrl).toBe('redis://127.0.0.1:6379/1');
    expect(JSON.stringify(options.keyRing)).not.toContain(keys.CONCORD_SECRETS_KEYS.slice(3));
  });

  it('refuses to start without the key ring, naming every bad variable', () => {
    let error: unknown;
    try {
      loadEnv(exampleEnv, {
        PORT: 'abc',
        CONNECTOR_ALLOWED_LOOPBACK: 'localhost',
        EXAMPLE_RATE_LIMIT_PER_SECOND: '0',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).fields.map((field) => field.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'PORT',
        'CONCORD_SECRETS_KEYS',
        'CONCORD_SECRETS_ACTIVE_KEY',
        'CONNECTOR_ALLOWED_LOOPBACK',
        'EXAMPLE_RATE_LIMIT_PER_SECOND',
      ]),
    );
  });
});
