import { ConfigError, loadEnv } from '@concord/config';

import { stripeConnectorEnv } from './stripe-connector-env';

const keys = {
  CONCORD_SECRETS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CONCORD_SECRETS_ACTIVE_KEY: 'k1',
};

describe('connector-stripe environment', () => {
  it('runs on port 3101 as connector-stripe, at 20 requests/s per tenant by default', () => {
    expect(loadEnv(stripeConnectorEnv, keys)).toMatchObject({
      PORT: 3101,
      KAFKA_CLIENT_ID: 'connector-stripe',
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3101',
      STRIPE_RATE_LIMIT_PER_SECOND: 20,
    });
  });

  it("refuses a rate above Stripe's live limit of 100 requests/s, naming the variable", () => {
    let error: unknown;
    try {
      loadEnv(stripeConnectorEnv, { ...keys, STRIPE_RATE_LIMIT_PER_SECOND: '250' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).fields.map((field) => field.field)).toEqual([
      'STRIPE_RATE_LIMIT_PER_SECOND',
    ]);
  });
});
