import { type AppProcess, eventually } from '@concord/testing';

import { PublishedChanges } from './salesforce-e2e-records';
import { type E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

interface CatalogCustomer {
  id: string;
  version: number;
  name: string;
}

const world = new SalesforceE2eWorld();
const published = new PublishedChanges();
const within30s = { timeoutMs: 30_000, intervalMs: 250 };

beforeAll(async () => {
  await world.start();
  await published.start(world);
}, 180_000);
afterAll(async () => {
  await published.stop();
  await world.stop();
}, 60_000);

async function catalogCustomers(tenant: E2eTenant): Promise<CatalogCustomer[]> {
  const page = await tenant.catalog.get<{ data: CatalogCustomer[] }>('/v1/customers');
  return page.body.data;
}

async function accountNamed(tenant: E2eTenant, name: string): Promise<{ Id: string }> {
  const result = await tenant.salesforce.query<{ Id: string }>(
    `SELECT Id FROM Account WHERE Name = '${name}'`,
  );
  expect(result.records).toHaveLength(1);
  return result.records[0];
}

// Polling is off (`pollIntervalMs: 0`): only change events can bring these changes in.
describe('Salesforce change events -> catalog (processes: catalog-service, connector-salesforce, simulator)', () => {
  it('applies a change made in Salesforce through its change event, and echoes nothing', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant, { pollIntervalMs: 0 });
    await world.streamingSubscribed(tenant);

    const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', { name: 'Ada' });
    expect(created.status).toBe(201);
    const account = await eventually(() => accountNamed(tenant, 'Ada'), within30s);

    await tenant.salesforce.sobject('Account').update({ Id: account.Id, Name: 'Ada Lovelace' });
    const updated = await eventually(async () => {
      const customer = (
        await tenant.catalog.get<CatalogCustomer>(`/v1/customers/${created.body.id}`)
      ).body;
      expect(customer.name).toBe('Ada Lovelace');
      return customer;
    }, within30s);

    // Concord's own create of the Account came back as a change event and was not published;
    // the catalog's update is not written back to Salesforce, which would make another event.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(published.streamed(tenant)).toEqual([
      expect.objectContaining({
        externalId: account.Id,
        content: expect.objectContaining({ name: 'Ada Lovelace' }),
      }),
    ]);
    expect(
      (await tenant.catalog.get<CatalogCustomer>(`/v1/customers/${created.body.id}`)).body.version,
    ).toBe(updated.version);
  });

  it('resumes from its replay id after a restart: what changed meanwhile arrives once', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant, { pollIntervalMs: 0 });
    await world.streamingSubscribed(tenant);
    const before = (await tenant.salesforce.sobject('Account').create({ Name: 'Before' })) as {
      id: string;
    };
    await eventually(
      async () => expect((await catalogCustomers(tenant)).map((c) => c.name)).toEqual(['Before']),
      within30s,
    );

    await world.connector.stop();
    await tenant.salesforce
      .sobject('Account')
      .update({ Id: before.id, Name: 'Renamed while down' });
    const during = (await tenant.salesforce
      .sobject('Account')
      .create({ Name: 'Created while down' })) as {
      id: string;
    };
    await world.connector.restart();

    await eventually(
      async () =>
        expect((await catalogCustomers(tenant)).map((c) => c.name).sort()).toEqual([
          'Created while down',
          'Renamed while down',
        ]),
      within30s,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // Each record's changes in order, once each (records of different keys may interleave).
    const namesOf = (id: string) =>
      published
        .streamed(tenant)
        .filter((change) => change.externalId === id)
        .map((change) => change.content?.name);
    expect(namesOf(before.id)).toEqual(['Before', 'Renamed while down']);
    expect(namesOf(during.id)).toEqual(['Created while down']);
    expect(published.streamed(tenant)).toHaveLength(3);
  });

  it('holds one subscription per connection across two replicas; another takes over when the holder dies', async () => {
    const second = await world.startConnector('second-replica');
    const replicas: AppProcess[] = [world.connector, second];
    try {
      const tenant = await world.newTenant();
      await world.connectSalesforce(tenant, { pollIntervalMs: 0 });
      await world.streamingSubscribed(tenant);
      // Several rounds of both replicas' supervisors: still one subscription at Salesforce.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await world.streamingChannels(tenant)).toEqual(['/data/ChangeEvents']);
      const subscribedIn = (replica: AppProcess) =>
        replica
          .logs()
          .split('\n')
          .some(
            (line) =>
              line.includes('subscribed to the change stream') && line.includes(tenant.tenantId),
          );
      expect(replicas.filter(subscribedIn)).toHaveLength(1);
      const [holder] = replicas.filter(subscribedIn);
      const survivor = replicas.find((replica) => replica !== holder) as AppProcess;

      await holder.kill();
      // Made before the survivor holds the subscription (it starts at the tip): a reconciliation
      // brings it, since the stream's position at the dead holder was unknown.
      await tenant.salesforce.sobject('Account').create({ Name: 'In the takeover gap' });
      await eventually(() => expect(subscribedIn(survivor)).toBe(true), within30s);
      const after = (await tenant.salesforce
        .sobject('Account')
        .create({ Name: 'After the takeover' })) as { id: string };
      await eventually(
        async () =>
          expect((await catalogCustomers(tenant)).map((c) => c.name).sort()).toEqual([
            'After the takeover',
            'In the takeover gap',
          ]),
        within30s,
      );
      expect(published.streamed(tenant).map((change) => change.externalId)).toContain(after.id);
      if (holder === world.connector) await world.connector.restart();
    } finally {
      await second.stop();
    }
  });
});
