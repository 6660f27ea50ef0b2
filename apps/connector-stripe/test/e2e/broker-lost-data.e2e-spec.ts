import { eventually } from '@concord/testing';

import { OwnBroker } from './own-broker';
import { type E2eTenant, StripeE2eWorld } from './stripe-e2e-world';

jest.setTimeout(420_000);

/**
 * `npm run kafka -- reset` while PostgreSQL keeps its data: every topic is gone, the compacted
 * connections and connector state among them. The apps must heal on their own.
 */
let broker: OwnBroker;
let world: StripeE2eWorld;

beforeAll(async () => {
  broker = await OwnBroker.start('e2e-lost');
  world = new StripeE2eWorld({ kafkaBrokers: broker.brokers });
  await world.start();
}, 240_000);

afterAll(async () => {
  await world?.stop();
  await broker?.remove();
}, 90_000);

interface Created {
  id: string;
}

async function createCustomer(tenant: E2eTenant, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
  const response = await tenant.catalog.post<Created>('/v1/customers', { name, email });
  if (response.status !== 201) throw new Error(`create failed: ${response.status}`);
  return response.body.id;
}

/** Every Stripe customer of the tenant as `concordId=name`, one entry per Stripe customer. */
async function stripeCustomers(tenant: E2eTenant): Promise<string[]> {
  const seen: string[] = [];
  for await (const customer of tenant.stripe.customers.list({ limit: 100 })) {
    seen.push(`${customer.metadata['concord_id'] ?? '(none)'}=${customer.name ?? ''}`);
  }
  return seen.sort();
}

async function readyOf(url: string): Promise<string> {
  const answer = await fetch(`${url}/health/ready`);
  const body = (await answer.json()) as { failing?: string[] };
  return `${answer.status} ${JSON.stringify(body.failing ?? [])}`;
}

describe('a broker that lost its data (processes, a broker of its own)', () => {
  it('heals after every app restarts: a new customer and an update reach Stripe, nothing doubled', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const ada = await createCustomer(tenant, 'Ada Lovelace');
    await eventually(
      async () => expect(await stripeCustomers(tenant)).toEqual([`${ada}=Ada Lovelace`]),
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    for (const connector of world.connectors) await connector.stop();
    await world.catalog.stop();
    await broker.loseData();
    await world.catalog.restart();
    for (const connector of world.connectors) await connector.restart();

    const grace = await createCustomer(tenant, 'Grace Hopper');
    const edited = await tenant.catalog.patch(
      `/v1/customers/${ada}`,
      { name: 'Ada King' },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    await eventually(
      async () =>
        expect(await stripeCustomers(tenant)).toEqual(
          [`${ada}=Ada King`, `${grace}=Grace Hopper`].sort(),
        ),
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(await readyOf(world.connectors[0].url)).toBe('200 []');
  });

  it('heals when only the connector restarts: it asks catalog-service for its connections', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const linus = await createCustomer(tenant, 'Linus Torvalds');
    await eventually(
      async () => expect(await stripeCustomers(tenant)).toEqual([`${linus}=Linus Torvalds`]),
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // catalog-service keeps running through the loss: its start-up republish is long past.
    for (const connector of world.connectors) await connector.stop();
    await broker.loseData();
    for (const connector of world.connectors) await connector.restart();

    const barbara = await createCustomer(tenant, 'Barbara Liskov');
    const edited = await tenant.catalog.patch(
      `/v1/customers/${linus}`,
      { name: 'Linus B. Torvalds' },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    await eventually(
      async () =>
        expect(await stripeCustomers(tenant)).toEqual(
          [`${linus}=Linus B. Torvalds`, `${barbara}=Barbara Liskov`].sort(),
        ),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    // This case shows the outbound path only: catalog-service's own consumers, which lived through
    // the loss, rejoin on a backoff of up to 30 s. Restarted, the next case starts from a settled
    // world.
    await world.catalog.restart();
  });

  it('links a customer first seen in Stripe again, though Stripe holds no Concord id for it', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const alan = await tenant.stripe.customers.create({
      name: 'Alan Turing',
      email: 'alan.turing@example.com',
    });
    const imported = await eventually(
      async () => {
        const page = await tenant.catalog.get<{ data: Array<{ id: string; version: number }> }>(
          '/v1/customers?email=alan.turing@example.com',
        );
        expect(page.body.data).toHaveLength(1);
        return page.body.data[0];
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    for (const connector of world.connectors) await connector.stop();
    await world.catalog.stop();
    await broker.loseData();
    await world.catalog.restart();
    for (const connector of world.connectors) await connector.restart();

    const edited = await tenant.catalog.patch(
      `/v1/customers/${imported.id}`,
      { name: 'Alan M. Turing' },
      { 'if-match': `"${imported.version}"` },
    );
    expect(edited.status).toBe(200);
    // The edit may wait out the connections answer's grace (30 s) parked on the retry topic, then
    // its retry delay, on a loaded machine: the same bound as the case above, and more.
    await eventually(
      async () => expect(await stripeCustomers(tenant)).toEqual([`${imported.id}=Alan M. Turing`]),
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect((await tenant.stripe.customers.retrieve(alan.id)) as { name?: string }).toMatchObject({
      name: 'Alan M. Turing',
    });
  });

  it('is not ready, naming its consumer, while the broker is gone, and ready again once it is back', async () => {
    const [connector] = world.connectors;
    expect(await readyOf(connector.url)).toBe('200 []');
    await broker.stop();
    try {
      await eventually(
        async () => expect(await readyOf(connector.url)).toMatch(/^503 .*"consumer"/),
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      await broker.wipe();
    } finally {
      await broker.start();
    }
    // Restarted, as an orchestrator restarts what stays unready, they heal as the first case did.
    for (const c of world.connectors) await c.stop();
    await world.catalog.restart();
    for (const c of world.connectors) await c.restart();
    expect(await readyOf(connector.url)).toBe('200 []');
  });
});
