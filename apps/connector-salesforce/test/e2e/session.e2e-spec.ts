import { eventually } from '@concord/testing';
import { Connection } from 'jsforce';

import { API_VERSION, type E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

interface StatusView {
  state: string;
  reason: string | null;
}

interface CallView {
  tokensByOrg: Record<string, number>;
}

const world = new SalesforceE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

/** Access tokens the simulator issued to the tenant's org, whoever asked. */
async function tokensIssued(tenant: E2eTenant): Promise<number> {
  return (await world.control<CallView>('calls')).tokensByOrg[tenant.org.orgId] ?? 0;
}

async function status(tenant: E2eTenant): Promise<StatusView> {
  return (await tenant.catalog.get<StatusView>('/v1/integrations/salesforce/status')).body;
}

async function createCustomers(tenant: E2eTenant, label: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const created = await tenant.catalog.post('/v1/customers', { name: `${label} ${i}` });
    if (created.status !== 201) throw new Error(`customer not created: ${created.status}`);
  }
}

async function linkedAccounts(salesforce: Connection): Promise<number> {
  const result = await salesforce.query('SELECT COUNT() FROM Account WHERE Concord_Id__c != null');
  return result.totalSize;
}

describe('the Salesforce session (processes: catalog-service, connector-salesforce, simulator)', () => {
  it('handles the session expiring in the middle of a run with exactly one token request', async () => {
    const tenant = await world.newTenant();
    // Polling every second and writes: both meet the expired session.
    await world.connectSalesforce(tenant, { streaming: false });
    await createCustomers(tenant, 'Before expiry', 10);
    await eventually(async () => expect(await linkedAccounts(tenant.salesforce)).toBe(10), {
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    // The test's own jsforce session and the connector's one.
    expect(await tokensIssued(tenant)).toBe(2);

    // Salesforce's clock passes the org's 2-hour session timeout while the connector runs.
    await world.control('clock', { advanceMs: 2 * 60 * 60_000 + 60_000 });
    const person = new Connection({
      version: API_VERSION,
      loginUrl: world.salesforceUrl,
      oauth2: {
        loginUrl: world.salesforceUrl,
        clientId: tenant.org.clientId,
        clientSecret: tenant.org.clientSecret,
      },
    });
    await person.authorize({ grant_type: 'client_credentials' });
    const beforeRun = await tokensIssued(tenant);

    await createCustomers(tenant, 'After expiry', 10);
    await eventually(async () => expect(await linkedAccounts(person)).toBe(20), {
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    expect(await tokensIssued(tenant)).toBe(beforeRun + 1);
    expect((await status(tenant)).state).toBe('active');
  });

  it('puts the connection in needs-attention, saying why, when Salesforce refuses the token request', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant, { streaming: false }, 'not-the-secret');
    await createCustomers(tenant, 'Refused', 1);
    await eventually(
      async () =>
        expect(await status(tenant)).toMatchObject({
          state: 'needs-attention',
          reason:
            "Salesforce refused the token request (invalid_client: invalid client credentials): check the connected app's consumer key and secret and that it allows the client-credentials flow",
        }),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(await linkedAccounts(tenant.salesforce)).toBe(0);
  });
});
