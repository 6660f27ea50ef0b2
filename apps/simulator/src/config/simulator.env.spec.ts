import { ConfigError, loadEnv } from '@concord/config';

import { simulatorEnv } from './simulator.env';

describe('simulator environment', () => {
  it('defaults to Stripe on 127.0.0.1:12111, Salesforce on 12121 and Xero on 12131, rate limits off, random seed', () => {
    expect(loadEnv(simulatorEnv, {})).toMatchObject({
      SIMULATOR_HOST: '127.0.0.1',
      STRIPE_SIM_PORT: 12111,
      SALESFORCE_SIM_PORT: 12121,
      SALESFORCE_SIM_DAILY_API_LIMIT: 15_000,
      SALESFORCE_SIM_SESSION_SECONDS: 7_200,
      SIM_SEED: undefined,
      STRIPE_SIM_RATE_LIMIT: 'off',
      XERO_SIM_PORT: 12131,
      XERO_SIM_RATE_LIMIT: 'off',
      XERO_SIM_ACCESS_TOKEN_SECONDS: 1800,
      XERO_SIM_WEBHOOK_URL: undefined,
      XERO_SIM_WEBHOOK_KEY: undefined,
      LOG_LEVEL: 'info',
    });
  });

  it('reads the Xero port, limits, token lifetime and app webhook', () => {
    expect(
      loadEnv(simulatorEnv, {
        XERO_SIM_PORT: '0',
        XERO_SIM_RATE_LIMIT: 'on',
        XERO_SIM_ACCESS_TOKEN_SECONDS: '60',
        XERO_SIM_WEBHOOK_URL: 'http://127.0.0.1:3103/xero/webhooks',
        XERO_SIM_WEBHOOK_KEY: 'key',
      }),
    ).toMatchObject({
      XERO_SIM_PORT: 0,
      XERO_SIM_RATE_LIMIT: 'on',
      XERO_SIM_ACCESS_TOKEN_SECONDS: 60,
      XERO_SIM_WEBHOOK_URL: 'http://127.0.0.1:3103/xero/webhooks',
      XERO_SIM_WEBHOOK_KEY: 'key',
    });
  });

  it('refuses a webhook URL that is not http(s), naming the variable', () => {
    expect(() => loadEnv(simulatorEnv, { XERO_SIM_WEBHOOK_URL: 'ftp://example.com/hook' })).toThrow(
      /XERO_SIM_WEBHOOK_URL/,
    );
  });

  it('reads the host, port, seed and rate-limit flag', () => {
    expect(
      loadEnv(simulatorEnv, {
        SIMULATOR_HOST: '0.0.0.0',
        STRIPE_SIM_PORT: '0',
        SIM_SEED: '42',
        STRIPE_SIM_RATE_LIMIT: 'on',
        SALESFORCE_SIM_PORT: '0',
        SALESFORCE_SIM_DAILY_API_LIMIT: '50',
        SALESFORCE_SIM_SESSION_SECONDS: '60',
      }),
    ).toMatchObject({
      SALESFORCE_SIM_PORT: 0,
      SALESFORCE_SIM_DAILY_API_LIMIT: 50,
      SALESFORCE_SIM_SESSION_SECONDS: 60,
      SIMULATOR_HOST: '0.0.0.0',
      STRIPE_SIM_PORT: 0,
      SIM_SEED: 42,
      STRIPE_SIM_RATE_LIMIT: 'on',
    });
  });

  it('refuses bad values, naming each bad variable', () => {
    try {
      loadEnv(simulatorEnv, {
        STRIPE_SIM_PORT: '70000',
        SIM_SEED: 'abc',
        STRIPE_SIM_RATE_LIMIT: 'maybe',
        SALESFORCE_SIM_PORT: '-1',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as ConfigError).lines;
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^STRIPE_SIM_PORT must be an integer between 0 and 65535/);
      expect(lines[1]).toMatch(/^SIM_SEED /);
      expect(lines[2]).toMatch(/^STRIPE_SIM_RATE_LIMIT must be one of off, on/);
      expect(lines[3]).toMatch(/^SALESFORCE_SIM_PORT must be an integer between 0 and 65535/);
    }
  });
});
