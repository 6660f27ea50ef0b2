import { CONNECTIONS_ANSWER_GRACE_MS } from '@concord/connector-kit';
import { eventually } from '@concord/testing';
import type { Contact } from 'xero-node';

import { CountingProxy } from './counting-proxy';
import { type E2eTenant, XeroE2eWorld } from './xero-e2e-world';

const RECORDS = 1000;
const proxy = new CountingProxy();
let world: XeroE2eWorld;
let connectorStartedAt = 0;

beforeAll(async () => {
  await proxy.start();
  // Status every 20 s (each report probes Xero once), so the jobs measured here own the minute.
  world = new XeroE2eWorld({ extraLoopback: [proxy.host], statusIntervalMs: 20_000 });
  await world.start();
  connectorStartedAt = Date.now();
  proxy.target = world.xeroUrl;
}, 180_000);

afterAll(async () => {
  await world?.stop();
  await proxy.stop();
}, 60_000);

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Every customer of the tenant's catalog, page by page. */
async function catalogCustomers(tenant: E2eTenant): Promise<Array<{ id: string; name: string }>> {
  const all: Array<{ id: string; name: string }> = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await tenant.catalog.get<Page<{ id: string; name: string }>>(
      `/v1/customers?limit=100${query}`,
    );
    if (page.status !== 200) throw new Error(`customers: ${page.status}`);
    all.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

/** Every contact of the organisation (read once the measured job is over). */
async function xeroContacts(tenant: E2eTenant): Promise<Contact[]> {
  const all: Contact[] = [];
  for (let page = 1; ; page += 1) {
    const { body } = await tenant.xero.accountingApi.getContacts(
      tenant.organisation,
      undefined,
      undefined,
      undefined,
      undefined,
      page,
    );
    all.push(...(body.contacts ?? []));
    if ((body.contacts ?? []).length < 100) return all;
  }
}

async function contactsInXero(organisation: string): Promise<number> {
  const state = (await world.control('state', {}, 'GET')) as {
    organisations?: Record<string, { contacts: number }>;
  };
  return state.organisations?.[organisation]?.contacts ?? 0;
}

interface Allocation {
  used: number;
  limit: number;
}

interface SimulatorCalls {
  tenants: Record<string, { calls: number; rejected: Record<string, number> }>;
}

async function rejectedAt(organisation: string): Promise<number> {
  const calls = (await world.control('calls', {}, 'GET')) as SimulatorCalls;
  const rejected = calls.tenants[organisation]?.rejected ?? {};
  return Object.values(rejected).reduce((sum, n) => sum + n, 0);
}

function printCalls(job: string, organisation: string): void {
  const byKind = new Map<string, number>();
  const sizes = new Map<string, number[]>();
  for (const call of proxy.of(organisation)) {
    const kind = `${call.method} ${call.resource}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    if (call.records > 0) sizes.set(kind, [...(sizes.get(kind) ?? []), call.records]);
  }
  // The call counts the issue asks to see (and the records each write carried), printed.
  process.stdout.write(
    `${job}: ${proxy.of(organisation).length} calls to Xero ${JSON.stringify(Object.fromEntries(byKind))}` +
      ` records a call ${JSON.stringify(Object.fromEntries(sizes))}\n`,
  );
}

/** Xero's limits on, every window empty (the test's own set-up calls forgotten). */
async function enforceLimitsFromNow(): Promise<void> {
  await world.control('calls', {}, 'DELETE');
  await world.control('limits', { enabled: true, perMinute: 60, concurrent: 5, perDay: 5000 });
}

describe("Xero's real limits (60 a minute, 5 at once, 5,000 a day) enforced by the simulator", () => {
  afterEach(async () => {
    await world.control('limits', { enabled: false });
  });

  // The snapshot is spread over the retry topic's partitions and fetched in pieces; the kit's
  // batch combiner merges what they bring for the connection (`lingerMs.backfill`) into calls of
  // up to 50, and hands the end of a fetch back to be read again with the records behind it
  // rather than send it short (see the README); while the snapshot says more of it follows
  // (`x-concord-snapshot-continues`), a short call lingers again for its next page. Issue 15 asks
  // for at most 25 calls (20 needed). Only the snapshot is measured: for its first 30 s
  // (`CONNECTIONS_ANSWER_GRACE_MS`) the connector parks events of tenants it has no connection
  // for, and writes those once connected in the live lane, beside the snapshot.
  it('exports 1,000 catalog customers in batched calls, without a 429, nothing missing', async () => {
    const graceLeft = connectorStartedAt + CONNECTIONS_ANSWER_GRACE_MS - Date.now();
    if (graceLeft > 0) await new Promise((resolve) => setTimeout(resolve, graceLeft));
    const tenant = await world.newTenant();
    const names = Array.from({ length: RECORDS }, (_, i) => `Export Customer ${i}`);
    const handledBefore = await world.outboundEventsHandled('customer');
    for (let start = 0; start < RECORDS; start += 20) {
      const created = await Promise.all(
        names
          .slice(start, start + 20)
          .map((name) => tenant.catalog.post('/v1/customers', { name })),
      );
      expect(created.map((c) => c.status)).toEqual(created.map(() => 201));
    }
    // The connector has handled every creation event (no connection yet: nothing written), so
    // the job measured is the snapshot on connecting, not live writes of the last few created.
    await eventually(
      async () =>
        expect(await world.outboundEventsHandled('customer')).toBeGreaterThanOrEqual(
          handledBefore + RECORDS,
        ),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await enforceLimitsFromNow();

    // No matching keys: a snapshot record is only looked for by its catalog id, which the batch
    // write does itself (a ContactNumber Xero already holds is POSTed keyed by it).
    await world.connectXero(tenant, {
      direction: 'outbound',
      matchingKeys: {},
      settings: { baseUrl: proxy.url, xeroTenantId: tenant.organisation },
    });
    await eventually(async () => expect(await contactsInXero(tenant.organisation)).toBe(RECORDS), {
      timeoutMs: 180_000,
      intervalMs: 1000,
    });

    printCalls('export of 1,000 customers', tenant.organisation);
    const writes = [
      ...proxy.of(tenant.organisation, 'PUT', 'Contacts'),
      ...proxy.of(tenant.organisation, 'POST', 'Contacts'),
    ];
    expect(writes.length).toBeLessThanOrEqual(25);
    expect(proxy.of(tenant.organisation).filter((c) => c.status === 429)).toEqual([]);
    expect(await rejectedAt(tenant.organisation)).toBe(0);
    // The sync state shows the day's allowance used, as Xero's X-DayLimit-Remaining reports it.
    await eventually(
      async () => {
        const status = await tenant.catalog.get<{ apiAllocation: Allocation | null }>(
          '/v1/integrations/xero/status',
        );
        expect(status.body.apiAllocation).toEqual({ used: expect.any(Number), limit: 5000 });
        expect(status.body.apiAllocation?.used).toBeGreaterThanOrEqual(writes.length);
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    await world.control('limits', { enabled: false });
    const numbers = new Set((await xeroContacts(tenant)).map((c) => c.contactNumber));
    const customers = await catalogCustomers(tenant);
    expect(customers).toHaveLength(RECORDS);
    expect(customers.filter((c) => !numbers.has(c.id))).toEqual([]);
  }, 300_000);

  it('imports 1,000 Xero contacts, paged, in at most 12 calls, without a 429, nothing missing', async () => {
    const tenant = await world.newTenant();
    for (let start = 0; start < RECORDS; start += 50) {
      const contacts = Array.from({ length: 50 }, (_, i) => ({
        name: `Xero Contact ${start + i}`,
      }));
      await tenant.xero.accountingApi.createContacts(tenant.organisation, { contacts });
    }
    await enforceLimitsFromNow();

    await world.connectXero(tenant, {
      direction: 'inbound',
      settings: { baseUrl: proxy.url, xeroTenantId: tenant.organisation },
    });
    const customers = await eventually(
      async () => {
        const all = await catalogCustomers(tenant);
        expect(all).toHaveLength(RECORDS);
        return all;
      },
      { timeoutMs: 180_000, intervalMs: 2000 },
    );

    printCalls('import of 1,000 contacts', tenant.organisation);
    expect(proxy.of(tenant.organisation, 'GET', 'Contacts').length).toBeLessThanOrEqual(12);
    expect(proxy.of(tenant.organisation).filter((c) => c.status === 429)).toEqual([]);
    expect(await rejectedAt(tenant.organisation)).toBe(0);
    const expected = Array.from({ length: RECORDS }, (_, i) => `Xero Contact ${i}`).sort();
    expect(customers.map((c) => c.name).sort()).toEqual(expected);
  }, 300_000);
});
