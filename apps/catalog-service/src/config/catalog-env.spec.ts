import { ConfigError, loadEnv } from '@concord/config';

import { catalogEnv } from './catalog-env';

const required = {
  CONCORD_ADMIN_API_KEY: 'a'.repeat(24),
  CONCORD_SECRETS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CONCORD_SECRETS_ACTIVE_KEY: 'k1',
};

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadEnv(catalogEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the environment was accepted');
}

describe('catalog-service environment', () => {
  it('has working defaults besides its secrets', () => {
    expect(loadEnv(catalogEnv, required)).toMatchObject({
      PORT: 3000,
      CATALOG_DATABASE: 'concord',
      OUTBOX_RELAY: 'embedded',
      OUTBOX_RELAY_SHARDS: 4,
      OUTBOX_POLL_INTERVAL_MS: 500,
      OUTBOX_BATCH_SIZE: 1000,
      OUTBOX_RETENTION_HOURS: 72,
      INBOX_RETENTION_HOURS: 168,
      RUN_MIGRATIONS: false,
      KAFKA_TOPIC_PREFIX: '',
    });
  });

  it('names every bad variable and never quotes the admin key', () => {
    const error = refusal({
      ...required,
      CONCORD_ADMIN_API_KEY: 'short-secret',
      CATALOG_DATABASE: 'Concord-DB',
      OUTBOX_RELAY_SHARDS: '0',
      OUTBOX_PRUNE_BY: 'never',
      OUTBOX_RELAY: 'sometimes',
    });
    expect(error.fields.map((f) => f.field).sort()).toEqual([
      'CATALOG_DATABASE',
      'CONCORD_ADMIN_API_KEY',
      'OUTBOX_PRUNE_BY',
      'OUTBOX_RELAY',
      'OUTBOX_RELAY_SHARDS',
    ]);
    expect(error.message).not.toContain('short-secret');
  });

  it('requires the admin key and the secrets key ring', () => {
    expect(
      refusal({})
        .fields.map((f) => f.field)
        .sort(),
    ).toEqual(['CONCORD_ADMIN_API_KEY', 'CONCORD_SECRETS_ACTIVE_KEY', 'CONCORD_SECRETS_KEYS']);
  });
});
