import type { ApiClient } from '@concord/testing';
import { eventually } from '@concord/testing';

import { StripeE2eWorld } from './stripe-e2e-world';

jest.setTimeout(300_000);

const world = new StripeE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

interface ConnectionTest {
  id: string;
  status: 'pending' | 'succeeded' | 'failed' | 'timed-out';
  message: string | null;
  errorCode: string | null;
}

/** What an operator's "Test the connection" shows once the connector answered. */
async function testConnection(catalog: ApiClient): Promise<ConnectionTest> {
  const asked = await catalog.post<ConnectionTest>('/v1/integrations/stripe/test', {});
  expect(asked.status).toBe(202);
  return eventually(
    async () => {
      const polled = await catalog.get<ConnectionTest>(
        `/v1/integrations/stripe/tests/${asked.body.id}`,
      );
      if (polled.body.status === 'pending') throw new Error('no answer yet');
      return polled.body;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}

describe('test the connection: the connector calls Stripe (simulator) with the stored key (processes)', () => {
  it('succeeds with a working key', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);

    expect(await testConnection(tenant.catalog)).toMatchObject({
      status: 'succeeded',
      message: null,
      errorCode: null,
    });
  });

  it("shows Stripe's own refusal of a wrong key, with the key masked as Stripe masks it, even before the connection is enabled", async () => {
    const tenant = await world.newTenant();
    const wrongKey = 'sk_test_not-a-real-key-9876';
    await tenant.catalog.put('/v1/integrations/stripe', {
      enabled: false,
      direction: 'both',
      entityTypes: ['customer'],
      settings: { baseUrl: world.simulatorUrl },
    });
    await tenant.catalog.post('/v1/integrations/stripe/credentials', { apiKey: wrongKey });

    const refused = await testConnection(tenant.catalog);

    expect(refused.status).toBe('failed');
    expect(refused.message).toMatch(/^Stripe: Invalid API Key provided: sk_test_\*+9876$/);
    expect(refused.message).not.toContain('not-a-real-key');
    expect(refused.errorCode).toBe('REVOKED_CREDENTIALS');

    // The operator fixes the key; the next test passes.
    await tenant.catalog.post('/v1/integrations/stripe/credentials', { apiKey: tenant.apiKey });
    expect(await testConnection(tenant.catalog)).toMatchObject({ status: 'succeeded' });
  });
});
