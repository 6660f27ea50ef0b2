import { ConfigError, loadEnv } from '@concord/config';

import { kitOptionsFrom } from './kit-options';
import { stripeConnectorEnv } from './stripe-connector-env';

const keys = {
  CONCORD_SECRETS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CONCORD_SECRETS_ACTIVE_KEY: 'k1',
};

describe('connector-stripe environment', () => {
  it('runs on port 3101 by default with in-process budgets and the simulator allowed only when listed', () => {
    const config = loadEnv(stripeConnectorEnv, keys);
    expect(config).toMatchObject({
      PORT: 3101,
      KAFKA_CLIENT_ID: 'connector-stripe',
      REDIS_URL: undefined,
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3101',
      CONNECTOR_ALLOWED_LOOPBACK: [],
      STRIPE_RATE_LIMIT_PER_SECOND: 20,
    });
    const options = kitOptionsFrom(
      loadEnv(stripeConnectorEnv, {
        ...keys,
        CONNECTOR_ALLOWED_LOOPBACK: '127.0.0.1:12111',
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12111,127.0.0.1:12112',
        REDIS_URL: 'redis://127.0.0.1:6379/1',
      }),
    );
    expect(options.allowedLoopback).toEqual(['127.0.0.1:12111', '127.0.0.1:12112']);
    expect(options.redisUrl).toBe('redis://127.0.0.1:6379/1');
    expect(JSON.stringify(options.keyRing)).not.toContain(keys.CONCORD_SECRETS_KEYS.slice(3));
  });

  it('refuses to start without the key ring, naming every bad variable', () => {
    let error: unknown;
    try {
      loadEnv(stripeConnectorEnv, { PORT: 'abc', CONNECTOR_ALLOWED_LOOPBACK: 'localhost' });
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
      ]),
    );
  });
});
