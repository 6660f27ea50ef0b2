import { randomBytes } from 'node:crypto';

import { str } from './fields/str.field';
import { defineEnv, loadEnv } from './load-env';
import { REDACTED, redactedConfig } from './redacted-config';
import { databaseEnv } from './slices/database.env';
import { httpEnv } from './slices/http.env';
import { redisEnv } from './slices/redis.env';
import { secretsEnv } from './slices/secrets.env';

describe('redactedConfig', () => {
  const key = randomBytes(32).toString('base64');
  const schema = defineEnv({
    ...httpEnv,
    ...databaseEnv,
    ...redisEnv,
    ...secretsEnv,
    STRIPE_API_KEY: str({ secret: true }),
  });
  const env = {
    PORT: '4000',
    DATABASE_URL: 'postgres://concord:db-password-1@127.0.0.1:5432/concord',
    CONCORD_SECRETS_KEYS: `k1:${key}`,
    CONCORD_SECRETS_ACTIVE_KEY: 'k1',
    STRIPE_API_KEY: 'sk_test_abcdefghijklmnop',
  };

  it('replaces secrets and URL passwords and keeps everything else readable', () => {
    const logged = redactedConfig(loadEnv(schema, env), schema);
    expect(logged).toEqual({
      PORT: 4000,
      HOST: '127.0.0.1',
      SHUTDOWN_DELAY_MS: 0,
      DATABASE_URL: 'postgres://concord:%5Bredacted%5D@127.0.0.1:5432/concord',
      DATABASE_SSL: null,
      DATABASE_SSL_CA_FILE: null,
      REDIS_URL: null,
      REDIS_TLS_CA_FILE: null,
      CONCORD_SECRETS_KEYS: REDACTED,
      CONCORD_SECRETS_ACTIVE_KEY: 'k1',
      STRIPE_API_KEY: REDACTED,
    });
    const text = JSON.stringify(logged);
    for (const secret of [
      'db-password-1',
      key,
      Buffer.from(key, 'base64').toString('hex'),
      'sk_test',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
