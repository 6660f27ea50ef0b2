import { randomUUID } from 'node:crypto';

import { connectIntegration, eventually } from '@concord/testing';
import Stripe from 'stripe';
import type { Payment } from 'xero-node';

import { type E2eTenant, XeroE2eWorld } from './xero-e2e-world';

// catalog-service, connector-xero and connector-stripe, one simulator serving Xero and Stripe.
const world = new XeroE2eWorld({ withStripe: true });
let tenant: E2eTenant;
let stripe: Stripe;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
  await world.connectXero(tenant);
  await world.subscribeWebhook();
  // A fresh `sk_test_` key is a Stripe account of its own in the simulator.
  const apiKey = `sk_test_${randomUUID().replace(/-/g, '')}`;
  const { port } = new URL(world.stripeUrl);
  stripe = new Stripe(apiKey, {
    host: '127.0.0.1',
    port: Number(port),
    protocol: 'http',
    apiVersion: '2023-08-16' as Stripe.LatestApiVersion, // the version connector-stripe pins
  });
  await connectIntegration(
    tenant.catalog,
    'stripe',
    {
      entityTypes: ['customer', 'product', 'invoice'],
      matchingKeys: { customer: ['email'] },
      settings: { baseUrl: world.stripeUrl },
    },
    { apiKey },
    (status) => Boolean(status.webhook),
  );
}, 240_000);

afterAll(() => world.stop(), 60_000);

interface RecordSync {
  systems: Array<{ system: string; externalId: string | null; state: string | null }>;
}

/** The invoice's id in a system, once its connector has written it. */
async function externalIdIn(system: string, invoiceId: string): Promise<string> {
  const sync = await tenant.catalog.get<RecordSync>(`/v1/invoices/${invoiceId}/sync`);
  const linked = sync.body.systems.find((s) => s.system === system);
  if (!linked?.externalId || linked.state !== 'synced') {
    throw new Error(`invoice not in ${system} yet: ${JSON.stringify(sync.body)}`);
  }
  return linked.externalId;
}

describe('an invoice paid in Xero (processes: catalog-service, connector-xero, connector-stripe)', () => {
  it('shows as paid in the catalog and, paid out of band, in Stripe', async () => {
    const customer = await tenant.catalog.post<{ id: string }>('/v1/customers', {
      name: 'Three Systems Ltd',
      email: 'accounts@three-systems.example',
    });
    expect(customer.status).toBe(201);
    const invoice = await tenant.catalog.post<{ id: string; version: number }>('/v1/invoices', {
      customerId: customer.body.id,
      number: 'INV-3SYS-1',
      status: 'open',
      currency: 'GBP',
      issueDate: '2026-01-10',
      dueDate: '2026-02-09',
      lines: [{ productId: null, description: 'Consulting', quantity: 2, unitAmount: 6000 }],
      metadata: {},
    });
    expect(invoice.status).toBe(201);
    const slow = { timeoutMs: 60_000, intervalMs: 500 };
    const xeroId = await eventually(() => externalIdIn('xero', invoice.body.id), slow);
    const stripeId = await eventually(() => externalIdIn('stripe', invoice.body.id), slow);
    const inStripe = await stripe.invoices.retrieve(stripeId);
    expect(inStripe).toMatchObject({ status: 'open', total: 12000, paid_out_of_band: false });

    // The customer pays the whole invoice; it is recorded in Xero.
    await tenant.xero.accountingApi.createPayment(tenant.organisation, {
      invoice: { invoiceID: xeroId },
      account: { code: '090' },
      amount: 120,
    } as Payment);
    const { body } = await tenant.xero.accountingApi.getInvoice(tenant.organisation, xeroId);
    expect(String(body.invoices?.[0]?.status)).toBe('PAID');

    await eventually(async () => {
      const now = await tenant.catalog.get<{ status: string; total: number }>(
        `/v1/invoices/${invoice.body.id}`,
      );
      expect(now.body).toMatchObject({ status: 'paid', total: 12000 });
    }, slow);
    await eventually(async () => {
      const paid = await stripe.invoices.retrieve(stripeId);
      expect(paid).toMatchObject({ status: 'paid', paid_out_of_band: true, amount_remaining: 0 });
    }, slow);
    // Both connectors report the paid version synced; Xero's invoice is left as it was.
    await eventually(async () => {
      const sync = await tenant.catalog.get<RecordSync>(`/v1/invoices/${invoice.body.id}/sync`);
      expect(sync.body.systems.map((s) => [s.system, s.state]).sort()).toEqual([
        ['stripe', 'synced'],
        ['xero', 'synced'],
      ]);
    }, slow);
    const after = await tenant.xero.accountingApi.getInvoice(tenant.organisation, xeroId);
    expect(String(after.body.invoices?.[0]?.status)).toBe('PAID');
  }, 240_000);
});
