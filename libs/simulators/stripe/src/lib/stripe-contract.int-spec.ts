import { listenSimulator, RunningListener } from '@concord/simulators/core';

import {
  RawResponse,
  StripeHttpClient,
  StripeParams,
  uniqueKey,
} from '../../test/stripe-http-client';
import { StripeSpecValidator } from '../../test/stripe-spec-validator';
import { createStripeSimulator, StripeSimulator } from './stripe-simulator';

type Method = 'GET' | 'POST' | 'DELETE';

/**
 * Calls every implemented operation, successes and errors, and validates each response body
 * against that operation's response schema in Stripe's spec3.yaml (2023-08-16).
 */
describe('Stripe simulator contract (spec3.yaml)', () => {
  let validator: StripeSpecValidator;
  let simulator: StripeSimulator;
  let listener: RunningListener;
  let client: StripeHttpClient;
  let checked: Set<string>;

  beforeAll(async () => {
    validator = new StripeSpecValidator();
    simulator = createStripeSimulator({ seed: 2023 });
    listener = await listenSimulator(simulator.handler);
    client = new StripeHttpClient(listener.url, uniqueKey('contract'));
    checked = new Set();
  });

  afterAll(async () => {
    await listener.close();
    simulator.close();
  });

  /** One call, validated against `template`'s schema for the answered status. */
  async function call(
    method: Method,
    template: string,
    path: string,
    params?: StripeParams,
    headers?: Record<string, string>,
    through: StripeHttpClient = client,
  ): Promise<RawResponse> {
    const response = await through.request(method, path, params, headers);
    const errors = validator.validate(method, template, response.status, response.body);
    if (errors.length > 0) {
      throw new Error(
        `${method} ${path} -> ${response.status} does not match ${template} in spec3.yaml:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(response.body).slice(0, 2000)}`,
      );
    }
    expect(response.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(response.headers.get('stripe-version')).toBe('2023-08-16');
    checked.add(`${method} ${template} ${response.status}`);
    return response;
  }

  const expectError = (
    response: RawResponse,
    status: number,
    code?: string,
    param?: string,
  ): void => {
    expect(response.status).toBe(status);
    if (code) expect(response.body.error.code).toBe(code);
    if (param) expect(response.body.error.param).toBe(param);
  };

  it('customers: create, retrieve, update, list, search, delete and their errors', async () => {
    const created = await call('POST', '/v1/customers', '/v1/customers', {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      phone: '+15555550100',
      metadata: { tier: 'gold', region: 'eu' },
      address: { line1: '1 Analytical Way', city: 'London', country: 'GB' },
      preferred_locales: ['en'],
      invoice_settings: { footer: 'Thanks', custom_fields: [{ name: 'VAT', value: 'GB1' }] },
      shipping: { name: 'Ada', address: { line1: '1 Analytical Way' } },
    });
    expect(created.body).toMatchObject({
      object: 'customer',
      livemode: false,
      email: 'ada@example.com',
    });
    const id = created.body.id as string;
    expect(id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    await call('GET', '/v1/customers/{customer}', `/v1/customers/${id}`);
    const updated = await call('POST', '/v1/customers/{customer}', `/v1/customers/${id}`, {
      metadata: { tier: '', note: 'vip' },
      description: 'first',
      phone: null,
    });
    expect(updated.body.metadata).toEqual({ region: 'eu', note: 'vip' });
    expect(updated.body.phone).toBeNull();
    const second = await call('POST', '/v1/customers', '/v1/customers', {
      email: 'bob@example.com',
      name: 'Bob',
    });
    const list = await call('GET', '/v1/customers', '/v1/customers', { limit: 1 });
    expect(list.body).toMatchObject({ object: 'list', url: '/v1/customers', has_more: true });
    expect(list.body.data[0].id).toBe(second.body.id);
    const page2 = await call('GET', '/v1/customers', '/v1/customers', {
      limit: 1,
      starting_after: second.body.id,
    });
    expect(page2.body.data[0].id).toBe(id);
    const back = await call('GET', '/v1/customers', '/v1/customers', { ending_before: id });
    expect(back.body.data.map((c: { id: string }) => c.id)).toEqual([second.body.id]);
    const byEmail = await call('GET', '/v1/customers', '/v1/customers', {
      email: 'ada@example.com',
    });
    expect(byEmail.body.data.map((c: { id: string }) => c.id)).toEqual([id]);

    const search = await call('GET', '/v1/customers/search', '/v1/customers/search', {
      query: `email:"ada@example.com" AND metadata["note"]:"vip"`,
      expand: ['total_count'],
    });
    expect(search.body).toMatchObject({
      object: 'search_result',
      has_more: false,
      next_page: null,
      total_count: 1,
    });
    expect(search.body.data[0].id).toBe(id);
    const paged = await call('GET', '/v1/customers/search', '/v1/customers/search', {
      query: `name~"a" OR email~"example.com"`.replace('"a"', '"Lov"'),
      limit: 1,
    });
    expect(paged.body.has_more).toBe(true);
    const next = await call('GET', '/v1/customers/search', '/v1/customers/search', {
      query: `name~"Lov" OR email~"example.com"`,
      limit: 1,
      page: paged.body.next_page,
    });
    expect(next.body.data[0].id).toBe(id);

    const badQuery = await call('GET', '/v1/customers/search', '/v1/customers/search', {
      query: 'email:"a@b.c" AND name:"x" OR phone:"1"',
    });
    expectError(badQuery, 400, undefined, 'query');
    expect(badQuery.body.error.type).toBe('invalid_request_error');
    expectError(
      await call('GET', '/v1/customers/search', '/v1/customers/search', {}),
      400,
      'parameter_missing',
      'query',
    );
    expectError(
      await call('POST', '/v1/customers', '/v1/customers', { emial: 'typo@example.com' }),
      400,
      'parameter_unknown',
      'emial',
    );
    expectError(
      await call('POST', '/v1/customers', '/v1/customers', { email: 'nope' }),
      400,
      'email_invalid',
      'email',
    );
    expectError(
      await call('GET', '/v1/customers', '/v1/customers', { limit: 101 }),
      400,
      undefined,
      'limit',
    );
    expectError(
      await call('GET', '/v1/customers/{customer}', '/v1/customers/cus_missing'),
      404,
      'resource_missing',
      'id',
    );

    const deleted = await call('DELETE', '/v1/customers/{customer}', `/v1/customers/${id}`);
    expect(deleted.body).toEqual({ id, object: 'customer', deleted: true });
    const gone = await call('GET', '/v1/customers/{customer}', `/v1/customers/${id}`);
    expect(gone.body).toEqual({ id, object: 'customer', deleted: true });
    expectError(
      await call('POST', '/v1/customers/{customer}', `/v1/customers/${id}`, { name: 'x' }),
      404,
      'resource_missing',
    );
    expectError(
      await call('DELETE', '/v1/customers/{customer}', `/v1/customers/${id}`),
      404,
      'resource_missing',
    );
  });

  it('products and prices', async () => {
    const product = await call('POST', '/v1/products', '/v1/products', {
      name: 'T-shirt',
      description: 'Gray',
      metadata: { sku: 'TS-1' },
      default_price_data: { currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } },
    });
    expect(product.body.default_price).toMatch(/^price_1[A-Za-z0-9]{23}$/);
    const id = product.body.id as string;
    await call('GET', '/v1/products/{id}', `/v1/products/${id}`);
    const updated = await call('POST', '/v1/products/{id}', `/v1/products/${id}`, {
      name: 'Tee',
      active: false,
    });
    expect(updated.body).toMatchObject({ name: 'Tee', active: false });
    await call('GET', '/v1/products', '/v1/products', { active: false, limit: 5 });

    const price = await call('POST', '/v1/prices', '/v1/prices', {
      product: id,
      currency: 'jpy',
      unit_amount: 1500,
      nickname: 'yen',
      lookup_key: `tee-jpy-${id}`,
    });
    expect(price.body).toMatchObject({ currency: 'jpy', unit_amount: 1500, type: 'one_time' });
    const inline = await call('POST', '/v1/prices', '/v1/prices', {
      currency: 'eur',
      unit_amount_decimal: '12.5',
      product_data: { name: 'Inline' },
    });
    expect(inline.body.unit_amount).toBeNull();
    await call('GET', '/v1/prices/{price}', `/v1/prices/${price.body.id}`);
    const deactivated = await call('POST', '/v1/prices/{price}', `/v1/prices/${price.body.id}`, {
      active: false,
      metadata: { retired: 'yes' },
    });
    expect(deactivated.body.active).toBe(false);
    const list = await call('GET', '/v1/prices', '/v1/prices', { product: id });
    expect(list.body.data).toHaveLength(2);
    expectError(
      await call('POST', '/v1/prices/{price}', `/v1/prices/${price.body.id}`, { unit_amount: 1 }),
      400,
      'parameter_unknown',
      'unit_amount',
    );
    expectError(
      await call('POST', '/v1/prices', '/v1/prices', { product: id, unit_amount: 5 }),
      400,
      'parameter_missing',
      'currency',
    );
    expectError(
      await call('POST', '/v1/products', '/v1/products', {}),
      400,
      'parameter_missing',
      'name',
    );
    expectError(
      await call('GET', '/v1/prices/{price}', '/v1/prices/price_missing'),
      404,
      'resource_missing',
    );
    expectError(await call('DELETE', '/v1/products/{id}', `/v1/products/${id}`), 400);

    const bare = await call('POST', '/v1/products', '/v1/products', { name: 'Bare' });
    const removed = await call('DELETE', '/v1/products/{id}', `/v1/products/${bare.body.id}`);
    expect(removed.body).toEqual({ id: bare.body.id, object: 'product', deleted: true });
    expectError(
      await call('GET', '/v1/products/{id}', `/v1/products/${bare.body.id}`),
      404,
      'resource_missing',
    );
  });

  it('invoice items and invoices through their whole lifecycle', async () => {
    const customer = (
      await call('POST', '/v1/customers', '/v1/customers', { email: 'inv@example.com' })
    ).body;
    const product = (await call('POST', '/v1/products', '/v1/products', { name: 'Seat' })).body;
    const price = (
      await call('POST', '/v1/prices', '/v1/prices', {
        product: product.id,
        currency: 'usd',
        unit_amount: 1250,
      })
    ).body;
    const byPrice = await call('POST', '/v1/invoiceitems', '/v1/invoiceitems', {
      customer: customer.id,
      price: price.id,
      quantity: 2,
      metadata: { line: '1' },
    });
    expect(byPrice.body).toMatchObject({
      amount: 2500,
      currency: 'usd',
      invoice: null,
      quantity: 2,
    });
    const byAmount = await call('POST', '/v1/invoiceitems', '/v1/invoiceitems', {
      customer: customer.id,
      amount: 500,
      currency: 'usd',
      description: 'Setup fee',
    });
    await call('GET', '/v1/invoiceitems/{invoiceitem}', `/v1/invoiceitems/${byAmount.body.id}`);
    const changed = await call(
      'POST',
      '/v1/invoiceitems/{invoiceitem}',
      `/v1/invoiceitems/${byAmount.body.id}`,
      {
        amount: 700,
      },
    );
    expect(changed.body.amount).toBe(700);
    const pending = await call('GET', '/v1/invoiceitems', '/v1/invoiceitems', {
      customer: customer.id,
      pending: true,
    });
    expect(pending.body.data).toHaveLength(2);
    expectError(
      await call('POST', '/v1/invoiceitems', '/v1/invoiceitems', { amount: 1, currency: 'usd' }),
      400,
      'parameter_missing',
      'customer',
    );
    expectError(
      await call('POST', '/v1/invoiceitems', '/v1/invoiceitems', {
        customer: customer.id,
        amount: 1,
        currency: 'eur',
      }),
      400,
      undefined,
      'currency',
    );

    const invoice = await call('POST', '/v1/invoices', '/v1/invoices', {
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
      metadata: { order: '42' },
      expand: ['customer'],
    });
    expect(invoice.body).toMatchObject({
      status: 'draft',
      subtotal: 3200,
      total: 3200,
      amount_due: 3200,
      number: null,
    });
    expect(invoice.body.customer).toMatchObject({ id: customer.id, object: 'customer' });
    expect(
      invoice.body.lines.data.map((line: { invoice_item: string }) => line.invoice_item),
    ).toEqual([byAmount.body.id, byPrice.body.id]);
    const id = invoice.body.id as string;
    const extra = await call('POST', '/v1/invoiceitems', '/v1/invoiceitems', {
      customer: customer.id,
      invoice: id,
      unit_amount: 100,
      quantity: 3,
    });
    expect(extra.body.amount).toBe(300);
    const removed = await call(
      'DELETE',
      '/v1/invoiceitems/{invoiceitem}',
      `/v1/invoiceitems/${extra.body.id}`,
    );
    expect(removed.body).toEqual({ id: extra.body.id, object: 'invoiceitem', deleted: true });
    await call('GET', '/v1/invoices/{invoice}', `/v1/invoices/${id}`);
    await call('POST', '/v1/invoices/{invoice}', `/v1/invoices/${id}`, {
      description: 'March',
      collection_method: 'send_invoice',
      days_until_due: 30,
    });
    const lines = await call('GET', '/v1/invoices/{invoice}/lines', `/v1/invoices/${id}/lines`, {
      limit: 1,
    });
    expect(lines.body).toMatchObject({
      object: 'list',
      has_more: true,
      url: `/v1/invoices/${id}/lines`,
    });
    const finalized = await call(
      'POST',
      '/v1/invoices/{invoice}/finalize',
      `/v1/invoices/${id}/finalize`,
    );
    expect(finalized.body).toMatchObject({ status: 'open', amount_due: 3200 });
    expect(finalized.body.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expectError(
      await call('POST', '/v1/invoices/{invoice}/finalize', `/v1/invoices/${id}/finalize`),
      400,
    );
    expectError(
      await call('POST', '/v1/invoices/{invoice}', `/v1/invoices/${id}`, { due_date: 1 }),
      400,
      'invoice_not_editable',
    );
    expectError(await call('DELETE', '/v1/invoices/{invoice}', `/v1/invoices/${id}`), 400);
    expectError(
      await call('POST', '/v1/invoiceitems/{invoiceitem}', `/v1/invoiceitems/${byPrice.body.id}`, {
        quantity: 1,
      }),
      400,
    );
    const paid = await call('POST', '/v1/invoices/{invoice}/pay', `/v1/invoices/${id}/pay`, {
      paid_out_of_band: true,
    });
    expect(paid.body).toMatchObject({
      status: 'paid',
      paid: true,
      paid_out_of_band: true,
      amount_paid: 3200,
      amount_remaining: 0,
    });
    expectError(await call('POST', '/v1/invoices/{invoice}/void', `/v1/invoices/${id}/void`), 400);

    const second = (await call('POST', '/v1/invoices', '/v1/invoices', { customer: customer.id }))
      .body;
    expect(second.lines.data).toEqual([]);
    await call('POST', '/v1/invoiceitems', '/v1/invoiceitems', {
      customer: customer.id,
      invoice: second.id,
      amount: 900,
      currency: 'usd',
    });
    await call('POST', '/v1/invoices/{invoice}/finalize', `/v1/invoices/${second.id}/finalize`);
    const uncollectible = await call(
      'POST',
      '/v1/invoices/{invoice}/mark_uncollectible',
      `/v1/invoices/${second.id}/mark_uncollectible`,
    );
    expect(uncollectible.body.status).toBe('uncollectible');
    const voided = await call(
      'POST',
      '/v1/invoices/{invoice}/void',
      `/v1/invoices/${second.id}/void`,
    );
    expect(voided.body).toMatchObject({ status: 'void', paid: false });

    const draft = (await call('POST', '/v1/invoices', '/v1/invoices', { customer: customer.id }))
      .body;
    const deletedDraft = await call('DELETE', '/v1/invoices/{invoice}', `/v1/invoices/${draft.id}`);
    expect(deletedDraft.body).toEqual({ id: draft.id, object: 'invoice', deleted: true });
    const all = await call('GET', '/v1/invoices', '/v1/invoices', {
      customer: customer.id,
      status: 'paid',
    });
    expect(all.body.data.map((i: { id: string }) => i.id)).toEqual([id]);
    expectError(
      await call('GET', '/v1/invoices/{invoice}', `/v1/invoices/${draft.id}`),
      404,
      'resource_missing',
    );
    expectError(
      await call('POST', '/v1/invoices', '/v1/invoices', { customer: 'cus_nobody' }),
      400,
      'resource_missing',
      'customer',
    );
  });

  it('events and webhook endpoints', async () => {
    const endpoint = await call('POST', '/v1/webhook_endpoints', '/v1/webhook_endpoints', {
      url: 'http://127.0.0.1:9/unused',
      enabled_events: ['customer.created', 'invoice.paid'],
      description: 'contract',
    });
    expect(endpoint.body.secret).toMatch(/^whsec_/);
    const id = endpoint.body.id as string;
    const fetched = await call(
      'GET',
      '/v1/webhook_endpoints/{webhook_endpoint}',
      `/v1/webhook_endpoints/${id}`,
    );
    expect(fetched.body.secret).toBeUndefined();
    await call('POST', '/v1/webhook_endpoints/{webhook_endpoint}', `/v1/webhook_endpoints/${id}`, {
      disabled: true,
    });
    await call('GET', '/v1/webhook_endpoints', '/v1/webhook_endpoints');
    expectError(
      await call('POST', '/v1/webhook_endpoints', '/v1/webhook_endpoints', {
        url: 'http://x.test',
      }),
      400,
      'parameter_missing',
      'enabled_events',
    );
    const removed = await call(
      'DELETE',
      '/v1/webhook_endpoints/{webhook_endpoint}',
      `/v1/webhook_endpoints/${id}`,
    );
    expect(removed.body).toEqual({ id, object: 'webhook_endpoint', deleted: true });

    const customer = (await call('POST', '/v1/customers', '/v1/customers', { name: 'Evented' }))
      .body;
    await call('POST', '/v1/customers/{customer}', `/v1/customers/${customer.id}`, {
      name: 'Renamed',
    });
    const events = await call('GET', '/v1/events', '/v1/events', { type: 'customer.*', limit: 2 });
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual([
      'customer.updated',
      'customer.created',
    ]);
    const update = events.body.data[0];
    expect(update.data.previous_attributes).toEqual({ name: 'Evented' });
    expect(update.request.id).toMatch(/^req_/);
    await call('GET', '/v1/events', '/v1/events', {
      types: ['invoice.paid', 'invoice.voided'],
      created: { gte: 0 },
    });
    await call('GET', '/v1/events/{id}', `/v1/events/${update.id}`);
    expectError(
      await call('GET', '/v1/events/{id}', '/v1/events/evt_missing'),
      404,
      'resource_missing',
      'id',
    );
  });

  it('authentication, rate limits, injected faults and idempotency', async () => {
    expectError(
      await call('GET', '/v1/customers', '/v1/customers', {}, {}, client.withKey(null)),
      401,
    );
    const invalid = await call(
      'GET',
      '/v1/customers',
      '/v1/customers',
      {},
      {},
      client.withKey('sk_live_nope1234'),
    );
    expectError(invalid, 401);
    expect(invalid.body.error.message).toContain('sk_live_');
    expect(invalid.body.error.message).not.toContain('nope1234');
    const revokedKey = uniqueKey('revoked');
    simulator.revokeKey(revokedKey);
    expectError(
      await call('GET', '/v1/customers', '/v1/customers', {}, {}, client.withKey(revokedKey)),
      401,
      'api_key_expired',
    );
    const unknown = await call('GET', '/v1/customers', '/v1/nothing_here');
    expectError(unknown, 404);

    simulator.control.rateLimiter.configure({ enabled: true, perSecond: 1 });
    simulator.control.clock.advance(5_000);
    await call('GET', '/v1/customers', '/v1/customers');
    const limited = await call('GET', '/v1/customers', '/v1/customers');
    expectError(limited, 429, 'rate_limit');
    simulator.control.rateLimiter.configure({ enabled: false });

    simulator.control.faults.startStorm(60_000, 4);
    const storm = await call('POST', '/v1/customers', '/v1/customers', { name: 'x' });
    expectError(storm, 429, 'rate_limit');
    expect(storm.headers.get('retry-after')).toBe('4');
    simulator.control.faults.startStorm(0, 1);

    simulator.control.faults.setRules([
      { method: 'POST', path: '/v1/customers', status: 500, count: 1 },
    ]);
    const key = `idem-${Date.now()}`;
    const failed = await call(
      'POST',
      '/v1/customers',
      '/v1/customers',
      { name: 'Idem' },
      { 'idempotency-key': key },
    );
    expect(failed.status).toBe(500);
    expect(failed.body.error.type).toBe('api_error');
    const first = await call(
      'POST',
      '/v1/customers',
      '/v1/customers',
      { name: 'Idem' },
      { 'idempotency-key': key },
    );
    expect(first.status).toBe(200);
    const replay = await call(
      'POST',
      '/v1/customers',
      '/v1/customers',
      { name: 'Idem' },
      { 'idempotency-key': key },
    );
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const mismatch = await call(
      'POST',
      '/v1/customers',
      '/v1/customers',
      { name: 'Other' },
      { 'idempotency-key': key },
    );
    expectError(mismatch, 400);
    expect(mismatch.body.error.type).toBe('idempotency_error');

    simulator.control.faults.setRules([
      { method: 'POST', path: '/v1/products', latencyMs: 1_000, errorRate: 0, count: 1 },
    ]);
    const concurrentKey = `idem-concurrent-${Date.now()}`;
    const slow = call(
      'POST',
      '/v1/products',
      '/v1/products',
      { name: 'Slow' },
      { 'idempotency-key': concurrentKey },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const conflict = await call(
      'POST',
      '/v1/products',
      '/v1/products',
      { name: 'Slow' },
      { 'idempotency-key': concurrentKey },
    );
    expectError(conflict, 409, 'idempotency_key_in_use');
    expect((await slow).status).toBe(200);
  });

  it('covered every implemented operation', () => {
    const operations = new Set([...checked].map((entry) => entry.split(' ').slice(0, 2).join(' ')));
    expect([...operations].sort()).toEqual(
      [
        'DELETE /v1/customers/{customer}',
        'DELETE /v1/invoiceitems/{invoiceitem}',
        'DELETE /v1/invoices/{invoice}',
        'DELETE /v1/products/{id}',
        'DELETE /v1/webhook_endpoints/{webhook_endpoint}',
        'GET /v1/customers',
        'GET /v1/customers/search',
        'GET /v1/customers/{customer}',
        'GET /v1/events',
        'GET /v1/events/{id}',
        'GET /v1/invoiceitems',
        'GET /v1/invoiceitems/{invoiceitem}',
        'GET /v1/invoices',
        'GET /v1/invoices/{invoice}',
        'GET /v1/invoices/{invoice}/lines',
        'GET /v1/prices',
        'GET /v1/prices/{price}',
        'GET /v1/products',
        'GET /v1/products/{id}',
        'GET /v1/webhook_endpoints',
        'GET /v1/webhook_endpoints/{webhook_endpoint}',
        'POST /v1/customers',
        'POST /v1/customers/{customer}',
        'POST /v1/invoiceitems',
        'POST /v1/invoiceitems/{invoiceitem}',
        'POST /v1/invoices',
        'POST /v1/invoices/{invoice}',
        'POST /v1/invoices/{invoice}/finalize',
        'POST /v1/invoices/{invoice}/mark_uncollectible',
        'POST /v1/invoices/{invoice}/pay',
        'POST /v1/invoices/{invoice}/void',
        'POST /v1/prices',
        'POST /v1/prices/{price}',
        'POST /v1/products',
        'POST /v1/products/{id}',
        'POST /v1/webhook_endpoints',
        'POST /v1/webhook_endpoints/{webhook_endpoint}',
      ].sort(),
    );
  });
});
