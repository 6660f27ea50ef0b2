import {
  collectMessages,
  eventually,
  type MessageCollector,
  testKafkaBrokers,
} from '@concord/testing';

import { type E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

interface CatalogCustomer {
  id: string;
  version: number;
  name: string;
}

interface InboundData {
  externalId: string;
  reason: string;
  content: { name?: string } | null;
}

const world = new SalesforceE2eWorld();
let inbound: MessageCollector;
const within30s = { timeoutMs: 30_000, intervalMs: 250 };

beforeAll(async () => {
  await world.start();
  inbound = await collectMessages({
    brokers: testKafkaBrokers(),
    topic: `${world.prefix}connector.salesforce.inbound.v1`,
  });
}, 180_000);
afterAll(async () => {
  await inbound?.stop();
  await world.stop();
}, 60_000);

/** What the connector published for the tenant from change events, in order. */
function streamed(tenant: E2eTenant): InboundData[] {
  return inbound.messages
    .map((message) => message.value as { tenant: string; data: InboundData })
    .filter((change) => change.tenant === tenant.tenantId && change.data.reason === 'stream')
    .map((change) => change.data);
}

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
    expect(streamed(tenant)).toEqual([
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
    expect(streamed(tenant).map((change) => [change.externalId, change.content?.name])).toEqual([
      [before.id, 'Before'],
      [before.id, 'Renamed while down'],
      [during.id, 'Created while down'],
    ]);
  });
});
