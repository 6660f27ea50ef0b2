import { eventually } from '@concord/testing';

import { accounts, PublishedChanges } from './salesforce-e2e-records';
import { type E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

interface CatalogCustomer {
  id: string;
  version: number;
  name: string;
  email: string | null;
}

interface ContactRow {
  Id: string;
  AccountId: string;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
  Concord_Id__c: string | null;
  SystemModstamp: string;
}

const world = new SalesforceE2eWorld();
const published = new PublishedChanges();
const within30s = { timeoutMs: 30_000, intervalMs: 250 };
const mapping = { customerObject: 'AccountWithContact' };

beforeAll(async () => {
  await world.start();
  await published.start(world);
}, 180_000);
afterAll(async () => {
  await published.stop();
  await world.stop();
}, 60_000);

async function contacts(tenant: E2eTenant): Promise<ContactRow[]> {
  const result = await tenant.salesforce.query<ContactRow>(
    'SELECT Id, AccountId, FirstName, LastName, Email, Concord_Id__c, SystemModstamp FROM Contact ORDER BY LastName',
  );
  return result.records.map(
    ({ Id, AccountId, FirstName, LastName, Email, Concord_Id__c, SystemModstamp }) => ({
      Id,
      AccountId,
      FirstName,
      LastName,
      Email,
      Concord_Id__c,
      SystemModstamp,
    }),
  );
}

async function catalogCustomer(tenant: E2eTenant, id: string): Promise<CatalogCustomer> {
  return (await tenant.catalog.get<CatalogCustomer>(`/v1/customers/${id}`)).body;
}

async function createCustomers(tenant: E2eTenant, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name,
      email: `${name.split(' ')[0]?.toLowerCase()}@example.com`,
      address: { line1: '1 Main St', city: 'London', country: 'GB' },
    });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
  }
  return ids;
}

describe('customers as an Account plus its primary Contact (processes: catalog-service, connector-salesforce, simulator)', () => {
  it('creates, updates and deletes Account and Contact as the catalog changes, and brings a Contact email edited in Salesforce back through its change event, without echo', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant, { ...mapping, pollIntervalMs: 0 });
    await world.streamingSubscribed(tenant);
    const [ada, grace, alan] = await createCustomers(tenant, [
      'Ada Lovelace',
      'Grace Hopper',
      'Alan Turing',
    ]);

    await eventually(async () => {
      const rows = await accounts(tenant);
      expect(rows.map((a) => [a.Name, a.BillingCity, a.Concord_Id__c])).toEqual([
        ['Ada Lovelace', 'London', ada],
        ['Alan Turing', 'London', alan],
        ['Grace Hopper', 'London', grace],
      ]);
      const people = await contacts(tenant);
      expect(people.map((c) => [c.FirstName, c.LastName, c.Email, c.Concord_Id__c])).toEqual([
        ['Grace', 'Hopper', 'grace@example.com', grace],
        ['Ada', 'Lovelace', 'ada@example.com', ada],
        ['Alan', 'Turing', 'alan@example.com', alan],
      ]);
      const accountOf = new Map(rows.map((a) => [a.Concord_Id__c, a.Id]));
      for (const person of people) {
        expect(person.AccountId).toBe(accountOf.get(person.Concord_Id__c));
      }
    }, within30s);

    // The catalog renames Grace and changes her email: her Account and her Contact follow.
    const { version } = await catalogCustomer(tenant, grace as string);
    const patched = await tenant.catalog.patch(
      `/v1/customers/${grace}`,
      { name: 'Grace Brewster Hopper', email: 'amazing.grace@example.com' },
      { 'if-match': `"${version}"` },
    );
    expect(patched.status).toBeLessThan(300);
    await eventually(async () => {
      expect((await accounts(tenant)).map((a) => a.Name)).toContain('Grace Brewster Hopper');
      expect(await contacts(tenant)).toContainEqual(
        expect.objectContaining({
          FirstName: 'Grace Brewster',
          LastName: 'Hopper',
          Email: 'amazing.grace@example.com',
          Concord_Id__c: grace,
        }),
      );
    }, within30s);

    // Someone edits Ada's Contact in Salesforce: one change of the customer reaches the catalog.
    const adaContact = (await contacts(tenant)).find((c) => c.Concord_Id__c === ada);
    await tenant.salesforce
      .sobject('Contact')
      .update({ Id: adaContact?.Id as string, Email: 'countess@example.com' });
    const updated = await eventually(async () => {
      const customer = await catalogCustomer(tenant, ada as string);
      expect(customer.email).toBe('countess@example.com');
      return customer;
    }, within30s);

    // No echo: Concord's own writes (3 creates, the update) published nothing, the inbound
    // change is not written back (neither record changes again), the catalog makes no new version.
    const [accountsBefore, contactsBefore] = [await accounts(tenant), await contacts(tenant)];
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await accounts(tenant)).toEqual(accountsBefore);
    expect(await contacts(tenant)).toEqual(contactsBefore);
    expect((await catalogCustomer(tenant, ada as string)).version).toBe(updated.version);
    const adaAccount = accountsBefore.find((a) => a.Concord_Id__c === ada);
    expect(published.streamed(tenant)).toEqual([
      expect.objectContaining({
        externalId: adaAccount?.Id,
        reason: 'stream',
        content: expect.objectContaining({ name: 'Ada Lovelace', email: 'countess@example.com' }),
      }),
    ]);

    // The catalog deletes Alan: his Account and Contact are gone, the others stay.
    const deleted = await tenant.catalog.delete(`/v1/customers/${alan}`);
    expect(deleted.status).toBeLessThan(300);
    await eventually(async () => {
      expect((await accounts(tenant)).map((a) => a.Concord_Id__c)).toEqual([ada, grace]);
      expect((await contacts(tenant)).map((c) => c.Concord_Id__c)).toEqual([grace, ada]);
    }, within30s);
  });

  it('brings an Account renamed in Salesforce back by polling when streaming is off, without echo', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant, { ...mapping, streaming: false });
    const [ada] = await createCustomers(tenant, ['Ada Lovelace']);
    const [account] = await eventually(async () => {
      const rows = await accounts(tenant);
      expect(rows).toHaveLength(1);
      expect(await contacts(tenant)).toHaveLength(1);
      return rows;
    }, within30s);

    await tenant.salesforce
      .sobject('Account')
      .update({ Id: account?.Id as string, Name: 'Countess of Lovelace' });
    const updated = await eventually(async () => {
      const customer = await catalogCustomer(tenant, ada as string);
      expect(customer).toMatchObject({ name: 'Countess of Lovelace', email: 'ada@example.com' });
      return customer;
    }, within30s);

    const [accountsBefore, contactsBefore] = [await accounts(tenant), await contacts(tenant)];
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await accounts(tenant)).toEqual(accountsBefore);
    expect(await contacts(tenant)).toEqual(contactsBefore);
    expect((await catalogCustomer(tenant, ada as string)).version).toBe(updated.version);
  });
});
