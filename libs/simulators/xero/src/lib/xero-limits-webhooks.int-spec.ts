import { SimulationClock } from '@concord/simulators/core';
import { Invoice } from 'xero-node';

import { ContractChecker } from '../../test/contract-checker';
import { httpCall, RunningXero, startXero, xeroClient } from '../../test/in-process-xero';
import { XeroSpecValidator } from '../../test/xero-spec-validator';
import { XeroWebhookReceiver } from '../../test/xero-webhook-receiver';
import { DEMO_TENANT_ID } from './organisations/organisation-registry';

const control = (
  xero: RunningXero,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
) =>
  httpCall(`${xero.url}/_control${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('Xero simulator rate limits (per organisation, switched through the control API)', () => {
  let xero: RunningXero;
  let contract: ContractChecker;

  beforeAll(async () => {
    // A clock that moves only when told, so Retry-After is exact.
    xero = await startXero({ seed: 3, clock: new SimulationClock(() => 1_800_000_000_000) });
    contract = new ContractChecker();
  });

  afterAll(async () => {
    await xero.close();
  });

  it('is off by default: counts calls and sends the remaining-budget headers, never 429', async () => {
    const tenant = 'aa000000-0000-4000-8000-000000000001';
    const client = xeroClient(xero.url);
    for (let i = 0; i < 65; i += 1) {
      expect(
        (await contract.call('GET', '/Items', client.accountingApi.getItems(tenant))).status,
      ).toBe(200);
    }
    const last = await contract.call('GET', '/Items', client.accountingApi.getItems(tenant));
    expect(last.headers['x-minlimit-remaining']).toBe('0');
    const calls = await control(xero, '/calls');
    expect(calls.body.tenants[tenant]).toMatchObject({
      calls: 66,
      rejected: { minute: 0, daily: 0, concurrent: 0, appminute: 0 },
    });
  });

  it('enforces 60 calls a minute per organisation with 429, Retry-After and X-Rate-Limit-Problem', async () => {
    const limits = await control(xero, '/rate-limit', { enabled: true });
    expect(limits.status).toBe(200);
    const tenant = 'aa000000-0000-4000-8000-000000000002';
    const other = 'aa000000-0000-4000-8000-000000000003';
    const client = xeroClient(xero.url);
    for (let i = 0; i < 60; i += 1) {
      xero.simulator.control.clock.advance(500);
      expect(
        (await contract.call('GET', '/Contacts', client.accountingApi.getContacts(tenant))).status,
      ).toBe(200);
    }
    const refused = await contract.call(
      'GET',
      '/Contacts',
      client.accountingApi.getContacts(tenant),
    );
    expect(refused.status).toBe(429);
    expect(refused.headers['x-rate-limit-problem']).toBe('minute');
    // The first call (at +0.5 s) leaves the rolling minute at +60.5 s, 30.5 s from now.
    expect(refused.headers['retry-after']).toBe('31');
    expect(refused.headers['x-minlimit-remaining']).toBe('0');
    expect(refused.headers['x-daylimit-remaining']).toBe('4940');
    expect(
      (await contract.call('GET', '/Contacts', client.accountingApi.getContacts(other))).status,
    ).toBe(200);
    const again = (): Promise<number> =>
      contract
        .call('GET', '/Contacts', client.accountingApi.getContacts(tenant))
        .then((r) => r.status);
    xero.simulator.control.clock.advance(30_000);
    expect(await again()).toBe(429);
    xero.simulator.control.clock.advance(1_000);
    expect(await again()).toBe(200);
    const calls = await control(xero, '/calls');
    expect(calls.body.tenants[tenant]).toMatchObject({ calls: 61, rejected: { minute: 2 } });
  });

  it('enforces the daily allowance and the concurrent limit as configured', async () => {
    await control(xero, '/limits', { perDay: 3, concurrent: 1 });
    const tenant = 'aa000000-0000-4000-8000-000000000004';
    const client = xeroClient(xero.url);
    for (let i = 0; i < 3; i += 1)
      await contract.call('GET', '/Items', client.accountingApi.getItems(tenant));
    const daily = await contract.call('GET', '/Items', client.accountingApi.getItems(tenant));
    expect(daily.status).toBe(429);
    expect(daily.headers['x-rate-limit-problem']).toBe('daily');
    expect(Number(daily.headers['retry-after'])).toBeGreaterThan(86_000);

    await control(xero, '/limits', { perDay: 5000 });
    await control(xero, '/faults', {
      rules: [{ path: '/api.xro/2.0/Items', latencyMs: 300, errorRate: 0 }],
    });
    const concurrentTenant = 'aa000000-0000-4000-8000-000000000005';
    const [slow, second] = await Promise.all([
      contract.call('GET', '/Items', client.accountingApi.getItems(concurrentTenant)),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
        contract.call('GET', '/Items', client.accountingApi.getItems(concurrentTenant)),
      ),
    ]);
    expect(slow.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers['x-rate-limit-problem']).toBe('concurrent');
    await control(xero, '/faults', undefined, 'DELETE');
    await control(xero, '/limits', { concurrent: 5 });
  });

  it('answers storms and injected failures in Xero shapes', async () => {
    await control(xero, '/faults', {
      rules: [{ method: 'GET', path: '/api.xro/2.0/Invoices', count: 1, status: 503 }],
    });
    const failed = await contract.call(
      'GET',
      '/Invoices',
      xeroClient(xero.url).accountingApi.getInvoices(DEMO_TENANT_ID),
    );
    expect(failed.status).toBe(503);
    expect(failed.body.Type).toBe('InternalServerError');
  });
});

describe('Xero simulator webhooks (one app URL and key, intent to receive)', () => {
  const key = 'webhook-key-0123456789abcdef';
  let xero: RunningXero;
  let receiver: XeroWebhookReceiver;
  let url: string;
  let validator: XeroSpecValidator;

  beforeAll(async () => {
    xero = await startXero({ seed: 4 });
    receiver = new XeroWebhookReceiver(key);
    url = await receiver.start();
    validator = new XeroSpecValidator();
  });

  afterAll(async () => {
    await xero.close();
    await receiver.stop();
  });

  it('passes the intent-to-receive handshake only for a receiver that refuses bad signatures', async () => {
    const careless = new XeroWebhookReceiver(key, true);
    const carelessUrl = await careless.start();
    const failed = await control(xero, '/xero-webhook', { url: carelessUrl, key });
    expect(failed.body).toMatchObject({
      status: 'FAILED',
      problem: 'Intent to receive failed: an incorrectly signed payload got 200 (expected 401)',
    });
    await careless.stop();

    const passed = await control(xero, '/xero-webhook', { url, key });
    expect(passed.body).toEqual({ url, keyConfigured: true, status: 'OK', sequence: 0 });
    expect(receiver.received.map((hook) => hook.valid)).toEqual([true, false]);
    const handshake = JSON.parse(receiver.received[0].rawBody);
    expect(handshake).toMatchObject({ events: [], firstEventSequence: 0, lastEventSequence: 0 });
    expect(handshake.entropy).toMatch(/^[A-Z]{20}$/);
    expect(JSON.stringify((await control(xero, '/state')).body)).not.toContain(key);
  });

  it('sends one signed batch of ids per call for contacts and invoices, none for items or payments', async () => {
    const client = xeroClient(xero.url);
    const api = client.accountingApi;
    const tenant = 'bb000000-0000-4000-8000-000000000001';
    const contacts = await api.createContacts(tenant, {
      contacts: [{ name: 'Hook One' }, { name: 'Hook Two' }],
    });
    const [one] = contacts.body.contacts ?? [];
    await api.createItems(tenant, { items: [{ code: 'HOOK-1' }] });
    const invoice = await api.createInvoices(tenant, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: one.contactID },
          status: Invoice.StatusEnum.AUTHORISED,
          lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, accountCode: '200' }],
        },
      ],
    });
    const invoiceId = invoice.body.invoices?.[0].invoiceID as string;
    await api.createPayment(tenant, {
      invoice: { invoiceID: invoiceId },
      account: { code: '090' },
      amount: 12,
    });
    await xero.simulator.control.webhooks.whenIdle();

    const batches = receiver.eventBatches();
    for (const batch of batches) expect(validator.validateWebhook(batch)).toEqual([]);
    expect(
      batches.map((batch) =>
        batch.events.map((event) => `${event['eventCategory']}.${event['eventType']}`),
      ),
    ).toEqual([['CONTACT.CREATE', 'CONTACT.CREATE'], ['INVOICE.CREATE'], ['INVOICE.UPDATE']]);
    expect(batches.map((batch) => [batch.firstEventSequence, batch.lastEventSequence])).toEqual([
      [1, 2],
      [3, 3],
      [4, 4],
    ]);
    expect(batches[1].events[0]).toEqual({
      resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${invoiceId}`,
      resourceId: invoiceId,
      eventDateUtc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      eventType: 'CREATE',
      eventCategory: 'INVOICE',
      tenantId: tenant,
      tenantType: 'ORGANISATION',
    });
  });

  it('sends nothing for a call that failed; deliveries show in the shared dispatcher log', async () => {
    const before = receiver.eventBatches().length;
    const api = xeroClient(xero.url).accountingApi;
    const refused = await api
      .createContacts(DEMO_TENANT_ID, { contacts: [{ name: '' }] })
      .catch((error: unknown) => error);
    expect(typeof refused).toBe('string');
    await xero.simulator.control.webhooks.whenIdle();
    expect(receiver.eventBatches()).toHaveLength(before);
    const deliveries = await control(xero, '/webhooks/deliveries');
    expect(deliveries.body.stats).toMatchObject({ delivered: 3, failed: 0 });
  });

  it('retries a refused delivery with the same signed body (core dispatcher)', async () => {
    receiver.failNextBatches = 1;
    const before = receiver.received.length;
    await xeroClient(xero.url).accountingApi.createContacts(DEMO_TENANT_ID, {
      contacts: [{ name: 'Retried Contact' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    xero.simulator.control.clock.advance(1_000);
    await xero.simulator.control.webhooks.whenIdle();
    const attempts = receiver.received.slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts[1].rawBody).toBe(attempts[0].rawBody);
    expect(attempts.every((attempt) => attempt.valid)).toBe(true);
    const deliveries = await control(xero, '/webhooks/deliveries');
    expect(deliveries.body.data.at(-1)).toMatchObject({
      status: 'delivered',
      attempts: [
        { ok: false, status: 500 },
        { ok: true, status: 200 },
      ],
    });
  });
});
