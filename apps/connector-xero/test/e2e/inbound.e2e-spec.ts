import { eventually } from '@concord/testing';
import type { Contact, Invoice, Item } from 'xero-node';

import { type E2eTenant, XeroE2eWorld } from './xero-e2e-world';

const world = new XeroE2eWorld();
let tenant: E2eTenant;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
  // Items have no webhooks: they come by the `If-Modified-Since` poll, every second here; their
  // sales price is read back in the organisation's currency (`currency`).
  await world.connectXero(tenant, {
    settings: {
      baseUrl: world.xeroUrl,
      xeroTenantId: tenant.organisation,
      pollIntervalMs: 1000,
      currency: 'GBP',
    },
  });
  await world.subscribeWebhook();
}, 180_000);

afterAll(() => world.stop(), 60_000);

interface CatalogRecord {
  id: string;
  version: number;
}
interface CatalogProduct extends CatalogRecord {
  name: string;
  unitPrice: { amount: number; currency: string };
}
interface CatalogInvoice extends CatalogRecord {
  customerId: string;
  number: string;
  status: string;
  total: number;
}

/** Long enough for several polls and any webhook echo to have come back. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 3500));

async function itemByCode(code: string): Promise<Item> {
  const { body } = await tenant.xero.accountingApi.getItem(tenant.organisation, code);
  const item = body.items?.[0];
  if (!item?.itemID) throw new Error(`item ${code} not in Xero yet`);
  return item;
}

async function catalogProduct(id: string): Promise<CatalogProduct> {
  return (await tenant.catalog.get<CatalogProduct>(`/v1/products/${id}`)).body;
}

describe('Xero -> catalog for Items and Invoices, without echo (processes; real Kafka)', () => {
  it('brings an Item changed in Xero into the catalog by the poll; neither side writes back', async () => {
    const created = await tenant.catalog.post<CatalogProduct>('/v1/products', {
      name: 'Widget',
      description: null,
      sku: 'WIDGET-1',
      active: true,
      unitPrice: { amount: 1250, currency: 'GBP' },
      metadata: {},
    });
    expect(created.status).toBe(201);
    const written = await eventually(() => itemByCode('WIDGET-1'), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    // The poll reads Concord's own write back: the catalog keeps its version.
    await settle();
    expect((await catalogProduct(created.body.id)).version).toBe(created.body.version);

    await tenant.xero.accountingApi.updateItem(tenant.organisation, String(written.itemID), {
      items: [
        { code: 'WIDGET-1', name: 'Widget Deluxe', salesDetails: { unitPrice: 14.5 } } as Item,
      ],
    });
    const changed = await eventually(
      async () => {
        const product = await catalogProduct(created.body.id);
        expect(product).toMatchObject({
          name: 'Widget Deluxe',
          unitPrice: { amount: 1450, currency: 'GBP' },
        });
        return product;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const afterEdit = (await itemByCode('WIDGET-1')).updatedDateUTC;
    await settle();
    // Not written back to Xero, not changed again in the catalog.
    expect((await itemByCode('WIDGET-1')).updatedDateUTC).toEqual(afterEdit);
    expect((await catalogProduct(created.body.id)).version).toBe(changed.version);
  });

  it('brings an invoice created in Xero into the catalog for its linked customer, once', async () => {
    const customer = await tenant.catalog.post<CatalogRecord>('/v1/customers', {
      name: 'Xero Invoiced Customer',
    });
    const contact = await eventually(
      async () => {
        const { body } = await tenant.xero.accountingApi.getContact(
          tenant.organisation,
          customer.body.id,
        );
        const found = body.contacts?.[0];
        expect(found?.contactID).toBeDefined();
        return found as Contact;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const { body } = await tenant.xero.accountingApi.createInvoices(tenant.organisation, {
      invoices: [
        {
          type: 'ACCREC',
          contact: { contactID: contact.contactID },
          invoiceNumber: 'INV-FROM-XERO',
          status: 'AUTHORISED',
          currencyCode: 'GBP',
          lineAmountTypes: 'NoTax',
          date: '2026-03-01',
          dueDate: '2026-03-31',
          lineItems: [{ description: 'Set-up', quantity: 2, unitAmount: 37.5, accountCode: '200' }],
        } as unknown as Invoice,
      ],
    });
    const invoiceId = String(body.invoices?.[0]?.invoiceID);
    const byExternalId = `/v1/invoices?system=xero&externalId=${invoiceId}`;
    const arrived = await eventually(
      async () => {
        const page = await tenant.catalog.get<{ data: CatalogInvoice[] }>(byExternalId);
        expect(page.body.data).toEqual([
          expect.objectContaining({
            customerId: customer.body.id,
            number: 'INV-FROM-XERO',
            status: 'open',
            total: 7500,
          }),
        ]);
        return page.body.data[0] as CatalogInvoice;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const inXero = async () =>
      (await tenant.xero.accountingApi.getInvoice(tenant.organisation, invoiceId)).body
        .invoices?.[0];
    const before = (await inXero())?.updatedDateUTC;
    await settle();
    expect((await inXero())?.updatedDateUTC).toEqual(before);
    const again = await tenant.catalog.get<{ data: CatalogInvoice[] }>(byExternalId);
    expect(again.body.data.map((i) => i.version)).toEqual([arrived.version]);
  });
});
