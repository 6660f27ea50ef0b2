import { CONNECTIONS_ANSWER_GRACE_MS } from '@concord/connector-kit';
import { eventually } from '@concord/testing';

import { type E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

interface CatalogCustomer {
  id: string;
  version: number;
}

interface CallView {
  total: number;
  byOrg: Record<string, number>;
  byResource: Record<string, number>;
}

const world = new SalesforceE2eWorld();

let connectorStartedAt = 0;

beforeAll(async () => {
  await world.start();
  connectorStartedAt = Date.now();
}, 180_000);
afterAll(() => world.stop(), 60_000);

/** REST calls the tenant's org has taken so far (token calls excluded), as the simulator counts. */
async function orgCalls(tenant: E2eTenant): Promise<number> {
  const calls = await world.control<CallView>('calls');
  return calls.byOrg[tenant.org.orgId] ?? 0;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

async function createCustomers(tenant: E2eTenant, count: number, label: string): Promise<string[]> {
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
        name: `${label} ${i}`,
      });
      if (created.status !== 201) throw new Error(`customer not created: ${created.status}`);
      return created.body.id;
    },
  );
}

/** Every customer the tenant's catalog holds, read page by page. */
async function catalogCustomerIds(tenant: E2eTenant): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await tenant.catalog.get<{ data: CatalogCustomer[]; nextCursor: string | null }>(
      `/v1/customers?limit=100${query}`,
    );
    ids.push(...page.body.data.map((customer) => customer.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}

/**
 * Accounts carrying a catalog id, counted by the test's own jsforce queries; `spent` counts the
 * calls those queries took, so they can be told apart from the connector's.
 */
class AccountCounter {
  spent = 0;
  constructor(private readonly tenant: E2eTenant) {}

  async linked(where = ''): Promise<number> {
    this.spent += 1;
    const result = await this.tenant.salesforce.query(
      `SELECT COUNT() FROM Account WHERE Concord_Id__c != null ${where}`,
    );
    return result.totalSize;
  }
}

describe('outbound in composite collections (processes: catalog-service, connector-salesforce, simulator)', () => {
  it('creates, updates and deletes a burst of 30 customers in a few collection calls each', async () => {
    const tenant = await world.newTenant();
    // No polling: every call the org takes after the start is an outbound write (or this test's).
    await world.connectSalesforce(tenant, { pollIntervalMs: 0 });
    const counter = new AccountCounter(tenant);
    await eventually(async () => expect(await counter.linked()).toBe(0));
    const beforeCreate = (await orgCalls(tenant)) - counter.spent;

    const ids = await createCustomers(tenant, 30, 'Burst');
    await eventually(async () => expect(await counter.linked()).toBe(30), {
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    const createCalls = (await orgCalls(tenant)) - counter.spent - beforeCreate;
    expect(createCalls).toBeGreaterThan(0);
    expect(createCalls).toBeLessThanOrEqual(6);

    await inParallel(ids, 16, async (id) => {
      const { version } = (await tenant.catalog.get<CatalogCustomer>(`/v1/customers/${id}`)).body;
      const patched = await tenant.catalog.patch(
        `/v1/customers/${id}`,
        { name: `Renamed ${id}` },
        { 'if-match': `"${version}"` },
      );
      if (patched.status >= 300) throw new Error(`customer not updated: ${patched.status}`);
    });
    await eventually(
      async () => expect(await counter.linked("AND Name LIKE 'Renamed %'")).toBe(30),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const updateCalls = (await orgCalls(tenant)) - counter.spent - beforeCreate - createCalls;
    expect(updateCalls).toBeGreaterThan(0);
    expect(updateCalls).toBeLessThanOrEqual(6);
    const accounts = await tenant.salesforce.query<{ Name: string; Concord_Id__c: string }>(
      'SELECT Name, Concord_Id__c FROM Account',
    );
    counter.spent += 1;
    expect(accounts.records.map((a) => `${a.Name}|${a.Concord_Id__c}`).sort()).toEqual(
      ids.map((id) => `Renamed ${id}|${id}`).sort(),
    );

    await inParallel(ids, 16, async (id) => {
      const deleted = await tenant.catalog.delete(`/v1/customers/${id}`);
      if (deleted.status >= 300) throw new Error(`customer not deleted: ${deleted.status}`);
    });
    await eventually(async () => expect(await counter.linked()).toBe(0), {
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    const deleteCalls =
      (await orgCalls(tenant)) - counter.spent - beforeCreate - createCalls - updateCalls;
    expect(deleteCalls).toBeGreaterThan(0);
    expect(deleteCalls).toBeLessThanOrEqual(6);
  }, 120_000);

  // Issue 14 asks for at most 60 calls (50 collections of 200 needed). Before snapshot records
  // could be handed back more than once (`redeliverAgain`), runs took 50 full calls (56 in all)
  // or 61 to 65; since, 56 and 58 in four local runs on 2026-12-06. The bound stays at 75 until CI
  // runs show 60 holds on a loaded machine; it guards against a return to short calls everywhere.
  it('exports 10,000 catalog customers to an empty org in at most 75 API calls, missing none', async () => {
    // Only the snapshot is measured: for its first 30 s the connector parks events of tenants it
    // has no connection for, and writes them once connected, beside the snapshot.
    const graceLeft = connectorStartedAt + CONNECTIONS_ANSWER_GRACE_MS - Date.now();
    if (graceLeft > 0) await new Promise((resolve) => setTimeout(resolve, graceLeft));
    const tenant = await world.newTenant();
    const ids = await createCustomers(tenant, 10_000, 'Exported');
    const before = await orgCalls(tenant);

    // Enabling the connection exports the catalog (the backfill); no polling, no matching keys.
    await world.connectSalesforce(tenant, { pollIntervalMs: 0 });
    const counter = new AccountCounter(tenant);
    await eventually(async () => expect(await counter.linked()).toBe(10_000), {
      timeoutMs: 240_000,
      intervalMs: 3_000,
    });
    const connectorCalls = (await orgCalls(tenant)) - before - counter.spent;

    expect(connectorCalls).toBeLessThanOrEqual(75);
    const exported = new Set<string>();
    const listing = await tenant.salesforce
      .query<{ Concord_Id__c: string }>('SELECT Concord_Id__c FROM Account')
      .run({ autoFetch: true, maxFetch: 20_000 });
    for (const account of listing.records) exported.add(account.Concord_Id__c);
    expect(listing.records).toHaveLength(10_000);
    expect(ids.filter((id) => !exported.has(id))).toEqual([]);
    // The connection's own listing read Accounts the export had just created: each was taken for
    // the customer whose id it carries, none for a new one.
    expect((await catalogCustomerIds(tenant)).sort()).toEqual([...ids].sort());
  }, 420_000);
});
