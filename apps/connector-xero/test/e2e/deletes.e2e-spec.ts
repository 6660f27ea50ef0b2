import { eventually } from '@concord/testing';
import type { Contact, Invoice, Payment } from 'xero-node';

import { CountingProxy } from './counting-proxy';
import { type E2eTenant, XeroE2eWorld } from './xero-e2e-world';

const proxy = new CountingProxy();
let world: XeroE2eWorld;
let tenant: E2eTenant;

beforeAll(async () => {
  await proxy.start();
  world = new XeroE2eWorld({ extraLoopback: [proxy.host], statusIntervalMs: 20_000 });
  await world.start();
  proxy.target = world.xeroUrl;
  tenant = await world.newTenant();
  await world.connectXero(tenant, {
    direction: 'outbound',
    matchingKeys: {},
    settings: { baseUrl: proxy.url, xeroTenantId: tenant.organisation },
  });
}, 180_000);

afterAll(async () => {
  await world?.stop();
  await proxy.stop();
}, 60_000);

interface RecordSync {
  systems: Array<{ system: string; state: string | null; lastError: { message?: string } | null }>;
}

/** The organisation's contacts with these ids (archived ones included, as `IDs=` reads them). */
async function contactsById(ids: string[]): Promise<Contact[]> {
  const { body } = await tenant.xero.accountingApi.getContacts(
    tenant.organisation,
    undefined,
    undefined,
    undefined,
    ids,
  );
  return body.contacts ?? [];
}

async function invoiceByNumber(number: string): Promise<Invoice> {
  const { body } = await tenant.xero.accountingApi.getInvoices(
    tenant.organisation,
    undefined,
    undefined,
    undefined,
    undefined,
    [number],
  );
  const found = body.invoices?.[0];
  if (!found?.invoiceID) throw new Error(`invoice ${number} not in Xero yet`);
  return found;
}

/** Xero's writes to a resource (PUT or POST) since the proxy had seen `since` calls. */
const writesSince = (since: number, resource: string) =>
  proxy
    .of(tenant.organisation)
    .slice(since)
    .filter((c) => (c.method === 'PUT' || c.method === 'POST') && c.resource === resource);

describe('catalog deletes reach Xero in batches (processes; real Kafka, PostgreSQL, Redis)', () => {
  it('archives 30 deleted customers in a few batched calls to Xero, not one call each', async () => {
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        tenant.catalog.post<{ id: string }>('/v1/customers', { name: `Leaving Customer ${i}` }),
      ),
    );
    const catalogIds = created.map((c) => c.body.id);
    const contactIds = await eventually(
      async () => {
        const { body } = await tenant.xero.accountingApi.getContacts(tenant.organisation);
        const ours = (body.contacts ?? []).filter((c) =>
          catalogIds.includes(String(c.contactNumber)),
        );
        expect(ours).toHaveLength(30);
        return ours.map((c) => String(c.contactID));
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const before = proxy.of(tenant.organisation).length;
    const started = Date.now();

    const deleted = await Promise.all(
      catalogIds.map((id) => tenant.catalog.delete(`/v1/customers/${id}`)),
    );
    expect(deleted.map((d) => d.status)).toEqual(deleted.map(() => 200));
    process.stdout.write(`deleted in the catalog after ${Date.now() - started} ms\n`);

    await eventually(
      async () => {
        const statuses = (await contactsById(contactIds)).map((c) => String(c.contactStatus));
        expect(statuses).toEqual(Array(30).fill('ARCHIVED'));
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const writes = writesSince(before, 'Contacts');
    process.stdout.write(
      `delete of 30 customers: ${writes.length} write calls to Xero, records a call ${JSON.stringify(writes.map((w) => w.records))} at ${JSON.stringify(writes.map((w) => w.at - started))} ms\n`,
    );
    // Each delete linger (2 s) takes whatever reached the connector meanwhile: 2 calls when the
    // 30 events arrive within one window, 4 seen when the catalog's events reached the connector
    // over 9 s; one call per record would be 30.
    expect(writes.length).toBeLessThanOrEqual(5);
    expect(writes.reduce((sum, w) => sum + w.records, 0)).toBe(30);
    expect(writes.every((w) => w.method === 'POST' && w.status === 200)).toBe(true);
  }, 180_000);

  it('deletes a draft, voids an approved invoice and reports a paid one failed, by Xero status', async () => {
    const customer = await tenant.catalog.post<{ id: string }>('/v1/customers', {
      name: 'Invoiced Customer',
    });
    const invoice = (number: string, status: string) =>
      tenant.catalog.post<{ id: string }>('/v1/invoices', {
        customerId: customer.body.id,
        number,
        status,
        currency: 'GBP',
        issueDate: '2026-01-10',
        dueDate: '2026-02-09',
        lines: [{ productId: null, description: 'Work', quantity: 1, unitAmount: 10000 }],
        metadata: {},
      });
    const created = {
      draft: await invoice('INV-DEL-DRAFT', 'draft'),
      open: await invoice('INV-DEL-OPEN', 'open'),
      paid: await invoice('INV-DEL-PAID', 'open'),
    };
    const paid = await eventually(() => invoiceByNumber('INV-DEL-PAID'), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await eventually(() => invoiceByNumber('INV-DEL-DRAFT'), { timeoutMs: 30_000 });
    await eventually(() => invoiceByNumber('INV-DEL-OPEN'), { timeoutMs: 30_000 });
    await tenant.xero.accountingApi.createPayment(tenant.organisation, {
      invoice: { invoiceID: paid.invoiceID },
      account: { code: '090' },
      amount: paid.total,
    } as Payment);

    for (const { body } of Object.values(created)) {
      expect((await tenant.catalog.delete(`/v1/invoices/${body.id}`)).status).toBe(200);
    }

    await eventually(
      async () => {
        expect(String((await invoiceByNumber('INV-DEL-DRAFT')).status)).toBe('DELETED');
        expect(String((await invoiceByNumber('INV-DEL-OPEN')).status)).toBe('VOIDED');
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await eventually(
      async () => {
        const sync = await tenant.catalog.get<RecordSync>(
          `/v1/invoices/${created.paid.body.id}/sync`,
        );
        const xero = sync.body.systems.find((s) => s.system === 'xero');
        expect(xero?.state).toBe('failed');
        expect(xero?.lastError?.message).toMatch(/payments applied and cannot be voided/);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(String((await invoiceByNumber('INV-DEL-PAID')).status)).toBe('PAID');
  }, 180_000);
});
