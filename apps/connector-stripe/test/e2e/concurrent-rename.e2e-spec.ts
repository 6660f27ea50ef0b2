import { eventually } from '@concord/testing';

import { type E2eTenant, StripeE2eWorld } from './stripe-e2e-world';

jest.setTimeout(300_000);

const world = new StripeE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

interface RecordSync {
  systems: Array<{ externalId: string | null }>;
  conflicts: Array<{ field: string; catalogValue: unknown; externalValue: unknown }>;
}

interface Contested {
  tenant: E2eTenant;
  id: string;
  stripeId: string;
}

/** Which of the two writes Stripe takes last. */
type Order = 'connector-write-first' | 'webhook-first';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function contestedCustomer(policy: 'last-writer-wins' | 'external-wins'): Promise<Contested> {
  const tenant = await world.newTenant();
  await world.connectStripe(tenant, {}, { conflictPolicy: { default: policy, fieldOwners: [] } });
  const created = await tenant.catalog.post<{ id: string }>('/v1/customers', {
    name: 'Contested',
    email: `contested.${policy}@example.com`,
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const stripeId = await eventually(
    async () => {
      const sync = await tenant.catalog.get<RecordSync>(`/v1/customers/${id}/sync`);
      const externalId = sync.body.systems[0]?.externalId;
      if (!externalId) throw new Error('not linked yet');
      return externalId;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  return { tenant, id, stripeId };
}

async function names({ tenant, id, stripeId }: Contested): Promise<[string, string]> {
  const catalog = await tenant.catalog.get<{ name: string }>(`/v1/customers/${id}`);
  const stripe = await tenant.stripe.customers.retrieve(stripeId);
  return [catalog.body.name, 'deleted' in stripe ? '' : (stripe.name ?? '')];
}

/**
 * Both sides rename the customer within milliseconds. The simulator decides which write Stripe
 * takes last: with `connector-write-first` the webhook of Stripe's rename is delivered late, so
 * the connector's write of the catalog's name has replaced it before the webhook's read; with
 * `webhook-first` the connector's write is held back, so the webhook reads Stripe's name and the
 * connector's write lands after it.
 */
async function contest(record: Contested, order: Order, round: string): Promise<string[]> {
  const values = [`${round} catalog-side`, `${round} stripe-side`];
  const current = await record.tenant.catalog.get<{ version: number }>(
    `/v1/customers/${record.id}`,
  );
  const renameInCatalog = () =>
    record.tenant.catalog.patch(
      `/v1/customers/${record.id}`,
      { name: values[0] },
      { 'if-match': `"${current.body.version}"` },
    );
  const renameInStripe = () =>
    record.tenant.stripe.customers.update(record.stripeId, { name: values[1] });
  if (order === 'connector-write-first') {
    await world.control('webhooks', { delayMs: 2500 });
    const [patched] = await Promise.all([renameInCatalog(), renameInStripe()]);
    expect(patched.status).toBe(200);
  } else {
    await world.control('webhooks', { delayMs: 1000 });
    await renameInStripe();
    await world.control('faults', {
      rules: [
        { method: 'POST', path: `/v1/customers/${record.stripeId}`, latencyMs: 3000, count: 1 },
      ],
    });
    expect((await renameInCatalog()).status).toBe(200);
  }
  return values;
}

async function expectConvergedWithConflict(record: Contested, values: string[]): Promise<string> {
  const settled = await eventually(
    async () => {
      const [catalog, stripe] = await names(record);
      expect(values).toContain(catalog);
      expect(stripe).toBe(catalog);
      const sync = await record.tenant.catalog.get<RecordSync>(`/v1/customers/${record.id}/sync`);
      const recorded = sync.body.conflicts.filter(
        (c) =>
          c.field === 'name' &&
          values.includes(String(c.catalogValue)) &&
          values.includes(String(c.externalValue)),
      );
      expect(recorded.length).toBeGreaterThan(0);
      return catalog;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  // Converged for good, not only passing through the same name.
  await sleep(2000);
  expect(await names(record)).toEqual([settled, settled]);
  return settled;
}

describe('both sides rename one customer at the same moment (processes)', () => {
  afterEach(async () => {
    await world.control('webhooks', { delayMs: 0 });
    await world.control('faults', {}, 'DELETE');
  });

  const orders: Order[] = ['connector-write-first', 'webhook-first'];

  it('converges on one of the two names and records the conflict (last-writer-wins)', async () => {
    const record = await contestedCustomer('last-writer-wins');
    for (const round of ['r1', 'r2']) {
      for (const order of orders) {
        const values = await contest(record, order, `${round} ${order}`);
        await expectConvergedWithConflict(record, values);
        await world.control('faults', {}, 'DELETE');
      }
    }
  });

  it("converges on Stripe's name on both sides and records the conflict (external-wins)", async () => {
    const record = await contestedCustomer('external-wins');
    for (const round of ['r1', 'r2']) {
      for (const order of orders) {
        const values = await contest(record, order, `${round} ${order}`);
        expect(await expectConvergedWithConflict(record, values)).toBe(values[1]);
        await world.control('faults', {}, 'DELETE');
      }
    }
  });
});
