import { eventually } from '@concord/testing';

import { type E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

interface StatusView {
  state: string;
  health: string;
  reason: string | null;
  apiAllocation: { used: number; limit: number } | null;
}

interface SimulatorState {
  salesforce: { orgs: Array<{ orgId: string; apiUsage: number }> };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const world = new SalesforceE2eWorld();

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

/** The org's calls in its rolling day, as the simulator counts them (reading it is no API call). */
async function apiUsage(tenant: E2eTenant): Promise<number> {
  const state = await world.control<SimulatorState>('state');
  const org = state.salesforce.orgs.find((candidate) => candidate.orgId === tenant.org.orgId);
  if (!org) throw new Error('org not in the simulator state');
  return org.apiUsage;
}

async function status(tenant: E2eTenant): Promise<StatusView> {
  return (await tenant.catalog.get<StatusView>('/v1/integrations/salesforce/status')).body;
}

async function createCustomer(tenant: E2eTenant, name: string): Promise<string> {
  const created = await tenant.catalog.post<{ id: string }>('/v1/customers', { name });
  if (created.status !== 201) throw new Error(`customer not created: ${created.status}`);
  return created.body.id;
}

describe('the daily API allocation (processes: catalog-service, connector-salesforce, simulator)', () => {
  it('warns from 80 %, pauses with a clear reason at the limit, and resumes without loss once the rolling day frees calls', async () => {
    const tenant = await world.newTenant();
    await world.connectSalesforce(tenant, { pollIntervalMs: 0 });
    const ids = [await createCustomer(tenant, 'Before the limit')];
    await eventually(
      async () => {
        const accounts = await tenant.salesforce.query('SELECT Id FROM Account');
        expect(accounts.totalSize).toBe(1);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    // From here on the test makes no API call of its own until the clock has moved a day.
    const used = await apiUsage(tenant);
    await world.control('orgs/settings', { orgId: tenant.org.orgId, dailyApiLimit: used + 2 });

    ids.push(await createCustomer(tenant, 'Past 80 percent'));
    await eventually(async () => expect(await apiUsage(tenant)).toBe(used + 1), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const warned = await eventually(
      async () => {
        const current = await status(tenant);
        expect(current).toMatchObject({
          state: 'active',
          health: 'degraded',
          apiAllocation: { used: used + 1, limit: used + 2 },
        });
        return current;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(warned.reason).toMatch(/daily API allocation \d+% used/);

    ids.push(await createCustomer(tenant, 'At the limit'));
    await eventually(async () => expect(await apiUsage(tenant)).toBe(used + 2), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    ids.push(await createCustomer(tenant, 'Refused'));
    const paused = await eventually(
      async () => {
        const current = await status(tenant);
        expect(current.state).toBe('needs-attention');
        return current;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(paused.reason).toContain('daily API allocation used up');
    expect(paused.reason).toContain('rolling 24-hour usage');
    ids.push(await createCustomer(tenant, 'While paused'));
    // Paused, the connector spends nothing of the allocation (refused calls are not counted).
    expect(await apiUsage(tenant)).toBe(used + 2);

    await world.control('clock', { advanceMs: DAY_MS + 60_000 });

    await eventually(async () => expect((await status(tenant)).state).toBe('active'), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await tenant.salesforce.authorize({ grant_type: 'client_credentials' });
    await eventually(
      async () => {
        const accounts = await tenant.salesforce.query<{ Name: string; Concord_Id__c: string }>(
          'SELECT Name, Concord_Id__c FROM Account',
        );
        expect(accounts.records.map((a) => a.Concord_Id__c).sort()).toEqual([...ids].sort());
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
  }, 240_000);
});
