import { eventually } from '@concord/testing';

import { accounts } from './salesforce-e2e-records';
import { type E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

interface CatalogCustomer {
  id: string;
  version: number;
  name: string;
}

const world = new SalesforceE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

async function catalogCustomer(tenant: E2eTenant, id: string): Promise<CatalogCustomer> {
  return (await tenant.catalog.get<CatalogCustomer>(`/v1/customers/${id}`)).body;
}

describe('catalog <-> Salesforce (processes: catalog-service, connector-salesforce, simulator)', () => {
  it('creates an Account for a catalog customer, and brings an edit made in Salesforce back by polling when streaming is off, without echo', async () => {
    const tenant = await world.newTenant();
    // Change Data Capture off for this connection: polling alone brings the change.
    await world.connectSalesforce(tenant, { streaming: false });

    const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      address: { line1: '12 St James Sq', city: 'London', country: 'GB' },
    });
    expect(created.status).toBe(201);
    const customerId = created.body.id;
    const [account] = await eventually(
      async () => {
        const rows = await accounts(tenant);
        expect(rows).toEqual([
          expect.objectContaining({
            Name: 'Ada Lovelace',
            BillingCity: 'London',
            Concord_Id__c: customerId,
          }),
        ]);
        return rows;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    await tenant.salesforce
      .sobject('Account')
      .update({ Id: account.Id, Name: 'Countess of Lovelace' });
    const updated = await eventually(
      async () => {
        const customer = await catalogCustomer(tenant, customerId);
        expect(customer.name).toBe('Countess of Lovelace');
        return customer;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // No echo: the connector writes nothing back, and the catalog makes no further version.
    expect(await world.streamingChannels(tenant)).toEqual([]);
    const [edited] = await accounts(tenant);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const [settled] = await accounts(tenant);
    expect(settled).toEqual(edited);
    expect((await catalogCustomer(tenant, customerId)).version).toBe(updated.version);
    expect(await accounts(tenant)).toHaveLength(1);
  });

  it('updates and deletes the Account as the catalog changes', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant);
    const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', { name: 'Grace' });
    const customerId = created.body.id;
    await eventually(async () => expect(await accounts(tenant)).toHaveLength(1), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const { version } = await catalogCustomer(tenant, customerId);
    const patched = await tenant.catalog.patch(
      `/v1/customers/${customerId}`,
      { name: 'Grace Hopper' },
      { 'if-match': `"${version}"` },
    );
    expect(patched.status).toBeLessThan(300);
    await eventually(
      async () =>
        expect(await accounts(tenant)).toEqual([
          expect.objectContaining({ Name: 'Grace Hopper', Concord_Id__c: customerId }),
        ]),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const deleted = await tenant.catalog.delete(`/v1/customers/${customerId}`);
    expect(deleted.status).toBeLessThan(300);
    await eventually(async () => expect(await accounts(tenant)).toEqual([]), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });

  it('writes a product with its standard price, and brings a price changed in Salesforce back', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant);
    const created = await tenant.catalog.post<{ id: string }>('/v1/products', {
      name: 'Difference Engine',
      description: null,
      sku: 'DE-2',
      active: true,
      unitPrice: { amount: 125_000, currency: 'USD' },
    });
    expect(created.status).toBe(201);
    const productId = created.body.id;
    const entry = await eventually(
      async () => {
        const entries = await tenant.salesforce.query<{
          Id: string;
          UnitPrice: number;
          Product2: { Name: string; ProductCode: string };
        }>(
          'SELECT Id, UnitPrice, Product2.Name, Product2.ProductCode FROM PricebookEntry ' +
            'WHERE Pricebook2.IsStandard = true',
        );
        expect(entries.records).toEqual([
          expect.objectContaining({
            UnitPrice: 1250,
            Product2: expect.objectContaining({ Name: 'Difference Engine', ProductCode: 'DE-2' }),
          }),
        ]);
        return entries.records[0];
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    await tenant.salesforce.sobject('PricebookEntry').update({ Id: entry.Id, UnitPrice: 1300 });
    await eventually(
      async () => {
        const product = await tenant.catalog.get<{ unitPrice: unknown }>(
          `/v1/products/${productId}`,
        );
        expect(product.body.unitPrice).toEqual({ amount: 130_000, currency: 'USD' });
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });
});
