import { eventually } from '@concord/testing';
import type { Contact, Invoice, Payment } from 'xero-node';

import { type E2eTenant, XeroE2eWorld } from './xero-e2e-world';

interface CatalogCustomer {
  id: string;
  version: number;
  name: string;
  email: string | null;
}

const world = new XeroE2eWorld();
let tenant: E2eTenant;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
  await world.connectXero(tenant);
  await world.subscribeWebhook();
}, 180_000);

/** Changes connector-xero published inbound from webhooks, for one entity type. */
async function webhookChanges(entityType: string): Promise<number> {
  const text = await (await fetch(`${world.connector.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('connector_inbound_changes_total') &&
        l.includes('reason="webhook"') &&
        l.includes(`entity_type="${entityType}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

afterAll(() => world.stop(), 60_000);

const contactsOf = async (): Promise<Contact[]> =>
  (await tenant.xero.accountingApi.getContacts(tenant.organisation)).body.contacts ?? [];

async function catalogCustomer(id: string): Promise<CatalogCustomer> {
  const found = await tenant.catalog.get<CatalogCustomer>(`/v1/customers/${id}`);
  if (found.status !== 200) throw new Error(`customer ${id}: ${found.status}`);
  return found.body;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

describe('catalog <-> Xero (processes: catalog-service, connector-xero, simulator; real Kafka)', () => {
  it("passes Xero's intent-to-receive check at the app-level webhook URL, refusing a bad signature", async () => {
    expect(await world.subscribeWebhook()).toMatchObject({ status: 'OK' });
    const forged = await fetch(`${world.connector.url}/xero/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xero-signature': 'Zm9yZ2Vk' },
      body: JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0 }),
    });
    expect(forged.status).toBe(401);
  });

  it('writes a catalog customer to Xero as a Contact, and its webhook echo changes nothing', async () => {
    const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      address: { line1: '12 Analytical Row', city: 'London', country: 'GB' },
      currency: 'GBP',
      metadata: {},
    });
    expect(created.status).toBe(201);
    const contact = await eventually(
      async () => {
        const found = (await contactsOf()).find((c) => c.contactNumber === created.body.id);
        expect(found).toMatchObject({ name: 'Ada Lovelace', emailAddress: 'ada@example.com' });
        return found as Contact;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // The create's webhook came back through the connector; the catalog found nothing new.
    await eventually(async () => expect(await webhookChanges('customer')).toBeGreaterThan(0), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    await settle();
    expect((await catalogCustomer(created.body.id)).version).toBe(created.body.version);
    const [again] = (await contactsOf()).filter((c) => c.contactID === contact.contactID);
    expect(again?.updatedDateUTC).toEqual(contact.updatedDateUTC);
  });

  it('brings a Contact changed in Xero into the catalog, without writing it back', async () => {
    const created = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      phone: null,
      address: null,
      currency: null,
      metadata: {},
    });
    const contact = await eventually(
      async () => {
        const found = (await contactsOf()).find((c) => c.contactNumber === created.body.id);
        expect(found).toBeDefined();
        return found as Contact;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await tenant.xero.accountingApi.updateContact(tenant.organisation, String(contact.contactID), {
      contacts: [{ contactID: contact.contactID, name: 'Rear Admiral Hopper' } as Contact],
    });
    const changed = await eventually(
      async () => {
        const found = await catalogCustomer(created.body.id);
        expect(found.name).toBe('Rear Admiral Hopper');
        return found;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await settle();
    const [inXero] = (await contactsOf()).filter((c) => c.contactID === contact.contactID);
    const afterEdit = inXero?.updatedDateUTC;
    await settle();
    expect((await catalogCustomer(created.body.id)).version).toBe(changed.version);
    const [still] = (await contactsOf()).filter((c) => c.contactID === contact.contactID);
    expect(still?.name).toBe('Rear Admiral Hopper');
    expect(still?.updatedDateUTC).toEqual(afterEdit);
  });

  it('writes a product as an Item and a JPY invoice as an ACCREC invoice whose total equals the catalog', async () => {
    const customer = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Hiroshi Tanaka',
      email: 'hiroshi@example.com',
      phone: null,
      address: null,
      currency: 'JPY',
      metadata: {},
    });
    const product = await tenant.catalog.post<{ id: string }>('/v1/products', {
      name: 'Workshop seat',
      description: 'One seat',
      sku: 'SEAT-1',
      active: true,
      unitPrice: { amount: 50000, currency: 'JPY' },
      metadata: {},
    });
    expect(product.status).toBe(201);
    const invoice = await tenant.catalog.post<{ id: string; version: number }>('/v1/invoices', {
      customerId: customer.body.id,
      number: 'INV-E2E-1',
      status: 'open',
      currency: 'JPY',
      issueDate: '2026-01-10',
      dueDate: '2026-02-09',
      lines: [
        {
          productId: product.body.id,
          description: 'Workshop seat',
          quantity: 2,
          unitAmount: 50000,
        },
      ],
      metadata: {},
    });
    expect(invoice.status).toBe(201);
    const inXero = await eventually(
      async () => {
        const { body } = await tenant.xero.accountingApi.getInvoices(
          tenant.organisation,
          undefined,
          undefined,
          undefined,
          undefined,
          ['INV-E2E-1'],
          undefined,
          undefined,
          1,
        );
        const found = body.invoices?.[0];
        expect(found).toMatchObject({ total: 100000, currencyCode: 'JPY' });
        return found as Invoice;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(String(inXero.status)).toBe('AUTHORISED');
    expect(inXero.lineItems?.[0]).toMatchObject({
      itemCode: 'SEAT-1',
      quantity: 2,
      unitAmount: 50000,
      accountCode: '200',
    });
    const { body: items } = await tenant.xero.accountingApi.getItems(tenant.organisation);
    expect(items.items?.map((item) => item.code)).toEqual(['SEAT-1']);
    // The invoice's webhook came back (read with its lines and their Items): nothing changed.
    await eventually(async () => expect(await webhookChanges('invoice')).toBeGreaterThan(0), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    await settle();
    const after = await tenant.catalog.get<{ version: number; status: string }>(
      `/v1/invoices/${invoice.body.id}`,
    );
    expect(after.body).toMatchObject({ version: invoice.body.version, status: 'open' });
  });

  it('shows an invoice paid in Xero as paid in the catalog, after a part payment left it open', async () => {
    const customer = await tenant.catalog.post<CatalogCustomer>('/v1/customers', {
      name: 'Paying Customer',
      email: 'payer@example.com',
    });
    const invoice = await tenant.catalog.post<{ id: string; version: number }>('/v1/invoices', {
      customerId: customer.body.id,
      number: 'INV-E2E-PAID',
      status: 'open',
      currency: 'GBP',
      issueDate: '2026-01-10',
      dueDate: '2026-02-09',
      lines: [{ productId: null, description: 'Consulting', quantity: 1, unitAmount: 12000 }],
      metadata: {},
    });
    expect(invoice.status).toBe(201);
    const catalogInvoice = () =>
      tenant.catalog.get<{ status: string; total: number }>(`/v1/invoices/${invoice.body.id}`);
    const invoiceID = await eventually(
      async () => {
        const { body } = await tenant.xero.accountingApi.getInvoices(
          tenant.organisation,
          undefined,
          undefined,
          undefined,
          undefined,
          ['INV-E2E-PAID'],
        );
        const found = body.invoices?.[0];
        expect(found?.invoiceID).toBeDefined();
        return String(found?.invoiceID);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const pay = (amount: number) =>
      tenant.xero.accountingApi.createPayment(tenant.organisation, {
        invoice: { invoiceID },
        account: { code: '090' },
        amount,
      } as Payment);

    await pay(50);
    await settle();
    expect((await catalogInvoice()).body).toMatchObject({ status: 'open', total: 12000 });
    await pay(70);
    await eventually(
      async () =>
        expect((await catalogInvoice()).body).toMatchObject({ status: 'paid', total: 12000 }),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });

  it('routes the one app-level delivery by organisation: a new Contact reaches only its tenant', async () => {
    const other = await world.newTenant();
    await world.connectXero(other);
    const { body } = await other.xero.accountingApi.createContacts(other.organisation, {
      contacts: [{ name: 'Edsger Dijkstra', emailAddress: 'edsger@example.com' } as Contact],
    });
    const contactId = String(body.contacts?.[0]?.contactID);
    const byExternalId = `/v1/customers?system=xero&externalId=${contactId}`;
    await eventually(
      async () => {
        const page = await other.catalog.get<{ data: CatalogCustomer[] }>(byExternalId);
        expect(page.body.data).toEqual([
          expect.objectContaining({ name: 'Edsger Dijkstra', email: 'edsger@example.com' }),
        ]);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const elsewhere = await tenant.catalog.get<{ data: CatalogCustomer[] }>(byExternalId);
    expect(elsewhere.body.data).toEqual([]);
  });
});
