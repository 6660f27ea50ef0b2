import { eventually } from '@concord/testing';
import type { Contact } from 'xero-node';

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
}, 180_000);

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
});
