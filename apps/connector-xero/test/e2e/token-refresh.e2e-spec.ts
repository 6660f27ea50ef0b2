import { randomUUID } from 'node:crypto';

import { eventually } from '@concord/testing';
import type { Contact } from 'xero-node';

import { type E2eTenant, XeroE2eWorld } from './xero-e2e-world';

const RECORDS = 20;
const world = new XeroE2eWorld();
let tenant: E2eTenant;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
}, 180_000);

afterAll(() => world.stop(), 60_000);

/** Refresh-token grants the simulator's token endpoint has answered (every client, every run). */
async function refreshGrants(): Promise<number> {
  const tokens = (await world.control('tokens', {})) as { refreshes: number };
  return tokens.refreshes;
}

async function contactNumbersInXero(): Promise<Set<string>> {
  const { body } = await tenant.xero.accountingApi.getContacts(tenant.organisation);
  return new Set((body.contacts ?? []).map((c: Contact) => String(c.contactNumber)));
}

interface RecordSync {
  systems: Array<{ system: string; state: string | null }>;
}

describe('an access token expiring in the middle of a run (processes; real Kafka, Redis)', () => {
  it('is refreshed once, by one refresh-token grant, and nothing of the run is lost', async () => {
    // A refresh token of the simulator's demo app, usable once (Xero rotates it on every use).
    const refreshToken = `e2e-refresh-${randomUUID()}`;
    await world.control('tokens', { grantRefreshToken: refreshToken });
    const grantsBefore = await refreshGrants();
    // The credentials exactly as the console's form sends them: the organisation as `accountId`.
    await world.connectXero(
      tenant,
      {
        direction: 'outbound',
        settings: { baseUrl: world.xeroUrl, identityUrl: world.xeroUrl },
      },
      {
        clientId: 'concord-demo',
        clientSecret: 'concord-demo-secret',
        refreshToken,
        accountId: tenant.organisation,
      },
    );
    // Connecting (the status probe) took the first access token: one grant.
    expect(await refreshGrants()).toBe(grantsBefore + 1);

    const ids: string[] = [];
    const create = async (from: number, to: number) => {
      for (let i = from; i < to; i += 1) {
        const created = await tenant.catalog.post<{ id: string }>('/v1/customers', {
          name: `Token Run ${i}`,
        });
        expect(created.status).toBe(201);
        ids.push(created.body.id);
      }
    };
    await create(0, RECORDS / 2);
    await eventually(
      async () => expect((await contactNumbersInXero()).size).toBeGreaterThanOrEqual(3),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // 31 minutes later on Xero's clock: the 30-minute access token the connector holds (and
    // still thinks valid by its own clock) is refused with 401 TokenExpired from now on.
    await world.control('clock', { advanceMs: 31 * 60 * 1000 });
    await create(RECORDS / 2, RECORDS);

    await eventually(
      async () => {
        const numbers = await contactNumbersInXero();
        expect(ids.filter((id) => !numbers.has(id))).toEqual([]);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(await refreshGrants()).toBe(grantsBefore + 2);
    for (const id of ids) {
      const sync = await tenant.catalog.get<RecordSync>(`/v1/customers/${id}/sync`);
      expect(sync.body.systems.find((s) => s.system === 'xero')?.state).toBe('synced');
    }
    const status = await tenant.catalog.get<{ state: string }>('/v1/integrations/xero/status');
    expect(status.body.state).toBe('active');
  }, 180_000);
});
