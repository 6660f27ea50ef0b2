import { ValidationError } from '@concord/errors';

import { IntegrationUrlValidator } from './integration-url-validator';

const validator = new IntegrationUrlValidator({
  CONCORD_OUTBOUND_ALLOWED_LOOPBACK: ['127.0.0.1:12111'],
});

function fieldsRefused(system: string, prefix: string, values: Record<string, unknown>): string[] {
  try {
    validator.assertAllowed(system, prefix, values);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.fields.map((f) => f.field);
  }
}

describe('IntegrationUrlValidator', () => {
  it("accepts the provider's own hosts and the named simulator", () => {
    expect(fieldsRefused('stripe', 'settings', { baseUrl: 'https://api.stripe.com' })).toEqual([]);
    expect(fieldsRefused('stripe', 'settings', { baseUrl: 'http://127.0.0.1:12111' })).toEqual([]);
    expect(
      fieldsRefused('salesforce', 'credentials', {
        instanceUrl: 'https://acme.my.salesforce.com',
      }),
    ).toEqual([]);
  });

  it('names every URL field that is refused', () => {
    expect(
      fieldsRefused('stripe', 'settings', {
        baseUrl: 'http://169.254.169.254/latest/meta-data',
        tokenUrl: 'https://api.xero.com/',
        pollIntervalMs: 1000,
      }),
    ).toEqual(['settings.baseUrl', 'settings.tokenUrl']);
    expect(
      fieldsRefused('salesforce', 'credentials', { instanceUrl: 'http://10.0.0.5/services' }),
    ).toEqual(['credentials.instanceUrl']);
    expect(fieldsRefused('stripe', 'settings', { baseUrl: 42 })).toEqual(['settings.baseUrl']);
  });

  it('checks every URL-valued setting, whatever its name and however deep', () => {
    expect(
      fieldsRefused('stripe', 'settings', {
        endpoint: 'http://169.254.169.254/latest/meta-data',
        api: { host: 'HTTP://10.0.0.1:8080', callbackUri: 7 },
        mirrors: ['https://api.stripe.com', ' gopher://127.0.0.1:25/'],
        proxy: 'https://user:pw@api.stripe.com/',
        label: 'Stripe (live)',
        marker: '2026-12-05T00:00:00.000Z/3b1f',
      }),
    ).toEqual([
      'settings.endpoint',
      'settings.api.host',
      'settings.api.callbackUri',
      'settings.mirrors[1]',
      'settings.proxy',
    ]);
    expect(
      fieldsRefused('salesforce', 'credentials', {
        loginHost: 'http://127.0.0.1:5432/',
        clientSecret: 'not a url',
      }),
    ).toEqual(['credentials.loginHost']);
  });

  it('refuses another loopback port than the one named, and unknown systems any host', () => {
    expect(fieldsRefused('stripe', 'settings', { baseUrl: 'http://127.0.0.1:5432' })).toEqual([
      'settings.baseUrl',
    ]);
    expect(fieldsRefused('acme', 'settings', { baseUrl: 'https://api.stripe.com' })).toEqual([
      'settings.baseUrl',
    ]);
  });
});
