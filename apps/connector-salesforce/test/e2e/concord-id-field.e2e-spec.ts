import { eventually } from '@concord/testing';

import { SalesforceE2eWorld } from './salesforce-e2e-world';

interface StatusView {
  state: string;
  reason: string | null;
}

const world = new SalesforceE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

describe('an org without Concord_Id__c (processes: catalog-service, connector-salesforce, simulator)', () => {
  it('puts the connection in needs-attention naming the missing field, writes nothing, and resumes once an admin adds it', async () => {
    // Products have the field; Account, where customers go, does not.
    const tenant = await world.newTenant({ concordIdObjects: ['Product2', 'PricebookEntry'] });
    await world.connectSalesforce(tenant, { streaming: false });
    const created = await tenant.catalog.post<{ id: string }>('/v1/customers', {
      name: 'Waits for the field',
    });
    expect(created.status).toBe(201);
    const customerId = created.body.id;

    await eventually(
      async () =>
        expect(
          (await tenant.catalog.get<StatusView>('/v1/integrations/salesforce/status')).body,
        ).toMatchObject({
          state: 'needs-attention',
          reason:
            "the Salesforce org has no Concord_Id__c field on Account: add it in Setup > Object Manager > Account > Fields & Relationships as a Text(255) custom field marked Unique and External ID, visible to the connected app's user; the connection resumes once it exists",
        }),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const accounts = await tenant.salesforce.query('SELECT Id FROM Account');
    expect(accounts.totalSize).toBe(0);

    // An admin adds the field in Setup: the probe finds it, the connection resumes and the
    // waiting customer is written, carrying its catalog id.
    await world.control('orgs/concord-id-field', { orgId: tenant.org.orgId, object: 'Account' });
    await eventually(
      async () => {
        const written = await tenant.salesforce.query<{ Name: string; Concord_Id__c: string }>(
          'SELECT Name, Concord_Id__c FROM Account',
        );
        expect(written.records).toEqual([
          expect.objectContaining({ Name: 'Waits for the field', Concord_Id__c: customerId }),
        ]);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await eventually(async () =>
      expect(
        (await tenant.catalog.get<StatusView>('/v1/integrations/salesforce/status')).body.state,
      ).toBe('active'),
    );
  });
});
