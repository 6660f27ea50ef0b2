import { ConfigError, loadEnv } from '@concord/config';
import { allowedLoopbackFromEnv } from '@concord/connector-kit';

import { salesforceConnectorEnv } from './salesforce-connector-env';

const keys = {
  CONCORD_SECRETS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CONCORD_SECRETS_ACTIVE_KEY: 'k1',
};

describe('connector-salesforce environment', () => {
  it('runs on port 3102 by default, the simulator (and the instance it names) allowed only when listed', () => {
    const config = loadEnv(salesforceConnectorEnv, keys);
    expect(config).toMatchObject({
      PORT: 3102,
      KAFKA_CLIENT_ID: 'connector-salesforce',
      REDIS_URL: undefined,
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3102',
      CONNECTOR_ALLOWED_LOOPBACK: [],
      SALESFORCE_RATE_LIMIT_PER_SECOND: 10,
      SALESFORCE_API_VERSION: '62.0',
    });
    const allowed = allowedLoopbackFromEnv(
      loadEnv(salesforceConnectorEnv, {
        ...keys,
        CONNECTOR_ALLOWED_LOOPBACK: '127.0.0.1:12121',
        CONCORD_OUTBOUND_ALLOWED_LOOPBACK: '127.0.0.1:12121,127.0.0.1:12111',
      }),
    );
    expect(allowed).toEqual(['127.0.0.1:12121', '127.0.0.1:12111']);
  });

  it('refuses a bad API version or rate, naming each variable', () => {
    let error: unknown;
    try {
      loadEnv(salesforceConnectorEnv, {
        ...keys,
        SALESFORCE_API_VERSION: 'latest',
        SALESFORCE_RATE_LIMIT_PER_SECOND: '0',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).fields.map((field) => field.field).sort()).toEqual([
      'SALESFORCE_API_VERSION',
      'SALESFORCE_RATE_LIMIT_PER_SECOND',
    ]);
  });
});
