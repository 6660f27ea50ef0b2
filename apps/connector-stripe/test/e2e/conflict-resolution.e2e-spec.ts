import { randomUUID } from 'node:crypto';

import { eventually } from '@concord/testing';
import { Client } from 'pg';

import { StripeE2eWorld } from './stripe-e2e-world';

jest.setTimeout(300_000);

const world = new StripeE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

interface RecordSync {
  systems: Array<{ externalId: string | null; state: string | null }>;
  conflicts: Array<{ id: string; field: string; resolved: { choice: string } | null }>;
}

/**
 * What the inbound applier records when a Stripe change loses to the catalog's (the race that
 * leaves Stripe holding its value cannot be produced on demand, so the row is written here).
 */
async function recordConflict(
  tenantId: string,
  customerId: string,
  catalogValue: string,
  stripeValue: string,
): Promise<void> {
  const db = new Client({ connectionString: world.database.url });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO sync_conflicts (id, tenant_id, entity_type, entity_id, system, field,
         catalog_value, external_value, resolution, policy)
       VALUES ($1, $2, 'customer', $3, 'stripe', 'phone', $4, $5, 'catalog', 'catalog-wins')`,
      [
        randomUUID(),
        tenantId,
        customerId,
        JSON.stringify(catalogValue),
        JSON.stringify(stripeValue),
      ],
    );
  } finally {
    await db.end();
  }
}

describe('resolving a conflict by hand with the connector running (processes)', () => {
  it("keeps the catalog's value: the connector writes it to Stripe although its link says it is there", async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const created = await tenant.catalog.post<{ id: string }>('/v1/customers', {
      name: 'Phone Conflict',
      email: 'phone.conflict@example.com',
      phone: '+1 111',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const stripeId = await eventually(
      async () => {
        const sync = await tenant.catalog.get<RecordSync>(`/v1/customers/${id}/sync`);
        const [stripe] = sync.body.systems;
        if (stripe?.state !== 'synced' || !stripe.externalId) throw new Error('not synced yet');
        return stripe.externalId;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    await world.control('webhooks', { enabled: false });
    try {
      // Stripe changes the phone; the catalog kept its own (the recorded conflict).
      await tenant.stripe.customers.update(stripeId, { phone: '+1 333' });
      await recordConflict(tenant.tenantId, id, '+1 111', '+1 333');
      const sync = await tenant.catalog.get<RecordSync>(`/v1/customers/${id}/sync`);
      const [conflict] = sync.body.conflicts;
      expect(conflict).toMatchObject({ field: 'phone', resolved: null });

      const resolved = await tenant.catalog.post(`/v1/sync/conflicts/${conflict.id}/resolve`, {
        choice: 'keep-catalog',
      });
      expect(resolved.status).toBe(200);

      await eventually(
        async () =>
          expect((await tenant.stripe.customers.retrieve(stripeId)) as object).toMatchObject({
            phone: '+1 111',
          }),
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      await eventually(async () => {
        const after = await tenant.catalog.get<RecordSync>(`/v1/customers/${id}/sync`);
        expect(after.body.systems[0].state).toBe('synced');
        expect(after.body.conflicts[0].resolved).toMatchObject({ choice: 'keep-catalog' });
      });
    } finally {
      await world.control('webhooks', { enabled: true });
    }
  });
});
