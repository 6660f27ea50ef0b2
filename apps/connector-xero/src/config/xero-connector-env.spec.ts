import { ConfigError, loadEnv, REDACTED, redactedConfig } from '@concord/config';

import { xeroConnectorDefinition } from '../xero-connector.definition';
import { xeroConnectorEnv } from './xero-connector-env';

const keys = {
  CONCORD_SECRETS_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CONCORD_SECRETS_ACTIVE_KEY: 'k1',
};

describe('connector-xero environment', () => {
  it('runs on port 3103 as connector-xero, without a webhook key unless one is set', () => {
    const config = loadEnv(xeroConnectorEnv, keys);
    expect(config).toMatchObject({
      PORT: 3103,
      KAFKA_CLIENT_ID: 'connector-xero',
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3103',
      CONNECTOR_ALLOWED_LOOPBACK: [],
      XERO_WEBHOOK_KEY: undefined,
      XERO_CALLS_PER_MINUTE: 60,
    });
  });

  it("keeps to Xero's 60 calls a minute unless XERO_CALLS_PER_MINUTE raises it", () => {
    const definition = (callsPerMinute?: number) =>
      xeroConnectorDefinition({ webhookKey: undefined, callsPerMinute }).rateLimit;
    expect(definition().perSecond * 60 + definition().burst).toBeCloseTo(60);
    expect(definition(600).perSecond * 60 + definition(600).burst).toBeCloseTo(600);
    expect(loadEnv(xeroConnectorEnv, { ...keys, XERO_CALLS_PER_MINUTE: '600' })).toMatchObject({
      XERO_CALLS_PER_MINUTE: 600,
    });
  });

  it('refuses to start on bad variables, naming each', () => {
    let error: unknown;
    try {
      loadEnv(xeroConnectorEnv, {
        PORT: 'abc',
        CONNECTOR_ALLOWED_LOOPBACK: 'localhost',
        CONNECTOR_PUBLIC_URL: 'ftp://x',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).fields.map((f) => f.field)).toEqual(
      expect.arrayContaining([
        'PORT',
        'CONCORD_SECRETS_KEYS',
        'CONCORD_SECRETS_ACTIVE_KEY',
        'CONNECTOR_ALLOWED_LOOPBACK',
        'CONNECTOR_PUBLIC_URL',
      ]),
    );
  });

  it('keeps the webhook key out of the redacted configuration', () => {
    const config = loadEnv(xeroConnectorEnv, { ...keys, XERO_WEBHOOK_KEY: 'signing-key-1' });
    expect(config.XERO_WEBHOOK_KEY).toBe('signing-key-1');
    expect(redactedConfig(config, xeroConnectorEnv)['XERO_WEBHOOK_KEY']).toBe(REDACTED);
  });
});
