import { eventually } from '@concord/testing';

import { type E2eTenant, StripeE2eWorld } from './stripe-e2e-world';

interface CustomerView {
  id: string;
  version: number;
  metadata: Record<string, string>;
}

const world = new StripeE2eWorld();
let tenant: E2eTenant;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
  await world.connectStripe(tenant);
  const mapped = await tenant.catalog.patch('/v1/integrations/stripe', {
    fieldMappings: [
      {
        entityType: 'customer',
        canonicalField: 'metadata.tier',
        externalField: 'metadata.crm_tier',
      },
    ],
  });
  if (mapped.status !== 200) throw new Error(`field mappings not saved: ${mapped.status}`);
}, 180_000);

afterAll(() => world.stop(), 60_000);

const stripeCustomerOf = async (concordId: string) =>
  (await tenant.stripe.customers.list({ limit: 100 })).data.find(
    (c) => c.metadata['concord_id'] === concordId,
  );

describe('field mappings (a catalog custom field under another Stripe metadata key)', () => {
  it('writes the mapped custom field under its Stripe name, and brings Stripe changes back under the catalog name', async () => {
    const created = await tenant.catalog.post<CustomerView>('/v1/customers', {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      metadata: { tier: 'gold', region: 'eu' },
    });
    expect(created.status).toBe(201);
    const inStripe = await eventually(
      async () => {
        const found = await stripeCustomerOf(created.body.id);
        expect(found?.metadata).toMatchObject({ crm_tier: 'gold', region: 'eu' });
        return found as NonNullable<typeof found>;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(inStripe.metadata['tier']).toBeUndefined();

    await tenant.stripe.customers.update(inStripe.id, { metadata: { crm_tier: 'platinum' } });
    const updated = await eventually(
      async () => {
        const customer = await tenant.catalog.get<CustomerView>(`/v1/customers/${created.body.id}`);
        expect(customer.body.metadata).toEqual({ tier: 'platinum', region: 'eu' });
        return customer.body;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    // The change came from Stripe: nothing is written back, so the version settles.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = await tenant.catalog.get<CustomerView>(`/v1/customers/${created.body.id}`);
    expect(settled.body.version).toBe(updated.version);
  });

  it('refuses a connection whose mapping Stripe cannot honour, naming it', async () => {
    const other = await world.newTenant();
    await world.connectStripe(other);
    const patched = await other.catalog.patch('/v1/integrations/stripe', {
      fieldMappings: [
        { entityType: 'customer', canonicalField: 'phone', externalField: 'description' },
      ],
    });
    expect(patched.status).toBe(200);
    const status = await eventually(
      async () => {
        const response = await other.catalog.get<{ state: string; reason: string | null }>(
          '/v1/integrations/stripe/status',
        );
        expect(response.body.state).toBe('needs-attention');
        return response.body;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(status.reason).toContain('customer phone -> description');
    expect(status.reason).toContain('metadata.<key>');
  });
});
