import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AuthError } from '@concord/errors';
import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createXeroSimulator, type XeroSimulator } from '@concord/simulators/xero';
import { eventually } from '@concord/testing';
import type { Contact, Invoice, Item, Payment } from 'xero-node';

import { xeroConnection, xeroContext } from '../../test/xero-test-connection';
import { listXero } from './xero-listing';
import { xeroModifiedSincePollSource } from './xero-modified-since.poll-source';
import { xeroPaymentsPollSource } from './xero-payments.poll-source';
import { xeroWebhookSource } from './xero-webhook.source';
import { isValidXeroSignature } from './xero-webhook-signature';

interface Delivery {
  body: Buffer;
  headers: Record<string, string | undefined>;
  answered: number;
}

const KEY = 'test-webhook-signing-key';

const flat = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
  );

describe('Xero inbound sources against the Xero simulator', () => {
  let simulator: XeroSimulator;
  let listener: RunningListener;
  let receiver: Server;
  const deliveries: Delivery[] = [];
  const source = xeroWebhookSource(KEY);
  let organisation: string;

  const context = () => xeroContext(xeroConnection(listener.url, organisation));
  const contacts = (names: string[]): { contacts: Contact[] } => ({
    contacts: names.map((name) => ({ name }) as Contact),
  });

  beforeAll(async () => {
    // Answers as connector-xero's app-level URL does: 401 unless signed with the app's key.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers = flat(req.headers);
        const answered = isValidXeroSignature(body, headers['x-xero-signature'], KEY) ? 200 : 401;
        deliveries.push({ body, headers, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/xero/webhooks`;
    simulator = createXeroSimulator({ seed: 16, webhook: { url, key: KEY } });
    listener = await listenSimulator(simulator.handler);
  });

  afterAll(async () => {
    await listener.close();
    simulator.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  beforeEach(() => {
    organisation = randomUUID();
  });

  it("passes Xero's intent-to-receive check, which a wrong key fails", async () => {
    const check = await fetch(`${listener.url}/_control/xero-webhook/verify`, { method: 'POST' });
    expect(((await check.json()) as { status: string }).status).toBe('OK');
    const badlySigned = Buffer.from('{"events":[]}');
    expect(() => source.verify(badlySigned, { 'x-xero-signature': 'bm9wZQ==' }, [])).toThrow(
      AuthError,
    );
    expect(() => xeroWebhookSource(undefined).verify(badlySigned, {}, [])).toThrow(AuthError);
  });

  it('reads the contacts of a delivery back in one IDs= call, skipping other organisations', async () => {
    const ctx = context();
    const { body } = await ctx.client.api.createContacts(
      organisation,
      contacts(['Ada', 'Grace', 'Edsger']),
    );
    const ids = (body.contacts ?? []).map((c) => c.contactID);
    const delivery = await eventually(() => {
      const found = deliveries.find(
        (d) => d.answered === 200 && ids.every((id) => d.body.toString().includes(String(id))),
      );
      if (!found) throw new Error('no delivery yet');
      return found;
    });
    const groups = source.verify(delivery.body, delivery.headers, []);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ tenantId: organisation, category: 'CONTACT' });
    const drafts = await source.toChanges(groups[0], ctx);
    expect(ctx.calls).toEqual(['read-contacts']);
    expect(drafts?.map((d) => d.content)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Ada' }),
        expect.objectContaining({ name: 'Grace' }),
        expect.objectContaining({ name: 'Edsger' }),
      ]),
    );
    expect(drafts?.every((d) => d.entityType === 'customer' && d.operation === 'upsert')).toBe(
      true,
    );
    const other = xeroContext(xeroConnection(listener.url, randomUUID()));
    expect(await source.toChanges(groups[0], other)).toEqual([]);
    expect(other.calls).toEqual([]);
    // A tampered body under the original signature is refused.
    const tampered = Buffer.from(delivery.body.toString().replace('CONTACT', 'INVOICE'));
    expect(() => source.verify(tampered, delivery.headers, [])).toThrow(AuthError);
  });

  it('lists every contact page by page for backfill and reconciliation', async () => {
    const ctx = context();
    for (let batch = 0; batch < 3; batch += 1) {
      const names = Array.from({ length: 50 }, (_, i) => `Contact ${batch}-${i}`);
      await ctx.client.api.createContacts(organisation, contacts(names));
    }
    const listing = context();
    const seen: unknown[] = [];
    for await (const record of listXero('customer', listing)) seen.push(record);
    expect(seen).toHaveLength(150);
    expect(listing.calls).toEqual(['list-contacts', 'list-contacts']);
  });

  it('polls items with If-Modified-Since from a durable cursor', async () => {
    const poll = xeroModifiedSincePollSource('product');
    const ctx = context();
    const start = await poll.poll(null, ctx);
    expect(start.changes).toEqual([]);
    expect(ctx.calls).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await ctx.client.api.createItems(organisation, {
      items: [{ code: 'W-1', name: 'Widget' } as Item],
    });
    const first = await poll.poll(start.nextCursor, ctx);
    expect(first.changes).toEqual([
      expect.objectContaining({
        entityType: 'product',
        operation: 'upsert',
        content: expect.objectContaining({ sku: 'W-1', name: 'Widget' }),
      }),
    ]);
    const second = await poll.poll(first.nextCursor, ctx);
    expect(second.changes).toEqual([]);
  });

  it('polls payments and reports their invoices as Xero now has them: part paid, paid, reversed', async () => {
    const poll = xeroPaymentsPollSource();
    const ctx = context();
    const { api } = ctx.client;
    const { body: made } = await api.createInvoices(organisation, {
      invoices: [
        {
          type: 'ACCREC',
          contact: { name: 'Payer' },
          status: 'AUTHORISED',
          lineAmountTypes: 'NoTax',
          lineItems: [{ description: 'Work', quantity: 1, unitAmount: 100, accountCode: '200' }],
        } as unknown as Invoice,
      ],
    });
    const invoiceID = made.invoices?.[0]?.invoiceID ?? '';
    let cursor = (await poll.poll(null, ctx)).nextCursor;
    const pay = async (amount: number) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const payment = { invoice: { invoiceID }, account: { code: '090' }, amount } as Payment;
      const { body } = await api.createPayment(organisation, payment);
      return body.payments?.[0]?.paymentID ?? '';
    };
    const polled = async () => {
      const result = await poll.poll(cursor, ctx);
      cursor = result.nextCursor;
      return result.changes;
    };
    const invoiceChange = (status: string) =>
      expect.objectContaining({
        entityType: 'invoice',
        externalId: invoiceID,
        content: expect.objectContaining({ status, total: 10000 }),
      });

    await pay(40);
    expect(await polled()).toEqual([invoiceChange('open')]);
    const rest = await pay(60);
    expect(await polled()).toEqual([invoiceChange('paid')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.deletePayment(organisation, rest, { status: 'DELETED' });
    expect(await polled()).toEqual([invoiceChange('open')]);
    expect(await polled()).toEqual([]);
  });
});
