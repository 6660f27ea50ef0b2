import { ConfigError, loadEnv } from '@concord/config';

import { relayEnv } from './relay-env';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadEnv(relayEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the environment was accepted');
}

describe('outbox-relay environment', () => {
  it('has working defaults', () => {
    expect(loadEnv(relayEnv, {})).toMatchObject({
      PORT: 3010,
      CATALOG_DATABASE: 'concord',
      KAFKA_CLIENT_ID: 'outbox-relay',
      OUTBOX_RELAY_SHARDS: 4,
      OUTBOX_BATCH_SIZE: 1000,
      OUTBOX_POLL_INTERVAL_MS: 500,
    });
  });

  it('refuses to start, naming every bad variable', () => {
    const error = refusal({
      OUTBOX_RELAY_SHARDS: '0',
      OUTBOX_BATCH_SIZE: 'many',
      CATALOG_DATABASE: 'Concord-DB',
      DATABASE_URL: 'mysql://db',
    });
    expect(error.fields.map((f) => f.field).sort()).toEqual([
      'CATALOG_DATABASE',
      'DATABASE_URL',
      'OUTBOX_BATCH_SIZE',
      'OUTBOX_RELAY_SHARDS',
    ]);
  });
});
