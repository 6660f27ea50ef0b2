import { listenSimulator, RunningListener, SimulationClock } from '@concord/simulators/core';
import Stripe from 'stripe';

import { uniqueKey } from '../../test/stripe-http-client';
import { stripeClient } from '../../test/stripe-sdk-client';
import { WebhookReceiver } from '../../test/webhook-receiver';
import { createStripeSimulator, StripeSimulator } from './stripe-simulator';

/** Fields of API version 2023-08-16 that the SDK's (latest-version) types no longer declare. */
type Invoice20230816 = Stripe.Invoice & { paid: boolean; paid_out_of_band: boolean };

/** The official `stripe` SDK, unchanged, against the simulator. */
describe('official Stripe SDK against the simulator', () => {
  let simulator: StripeSimulator;
  let listener: RunningListener;
  let stripe: Stripe;
  let apiKey: string;

  beforeAll(async () => {
    simulator = createStripeSimulator({ webhooks: { retryBaseMs: 50 } });
    listener = await listenSimulator(simulator.handler);
    apiKey = uniqueKey('sdk');
    stripe = stripeClient(apiKey, listener.port);
  });

  afterAll(async () => {
    await listener.close();
    simulator.close();
  });

  it('creates, retrieves, updates, lists and deletes customers', async () => {
    const customer = await stripe.customers.create({
      email: 'grace@example.com',
      name: 'Grace Hopper',
      metadata: { concord_id: 'c-1', team: 'navy' },
      address: { line1: '1 Cobol St', country: 'US' },
    });
    expect(customer).toMatchObject({
      object: 'customer',
      email: 'grace@example.com',
      livemode: false,
    });
    expect(customer.lastResponse.requestId).toMatch(/^req_/);
    expect(customer.lastResponse.apiVersion).toBe('2023-08-16');
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({
      id: customer.id,
      name: 'Grace Hopper',
    });
    const updated = await stripe.customers.update(customer.id, {
      metadata: { team: '' },
      phone: '+15550000',
    });
    expect(updated.metadata).toEqual({ concord_id: 'c-1' });
    expect(updated.phone).toBe('+15550000');
    const listed = await stripe.customers.list({ email: 'grace@example.com' });
    expect(listed.data.map((c) => c.id)).toEqual([customer.id]);
    const deleted = await stripe.customers.del(customer.id);
    expect(deleted).toMatchObject({ id: customer.id, deleted: true });
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({
      id: customer.id,
      deleted: true,
    });
  });

  it('searches customers, with the configured index lag', async () => {
    const tag = `run-${Date.now()}`;
    const linus = await stripe.customers.create({
      email: 'linus@example.org',
      name: 'Linus',
      metadata: { tag },
    });
    await stripe.customers.create({ email: 'ken@example.org', name: 'Ken', metadata: { tag } });
    const byEmail = await stripe.customers.search({ query: "email:'linus@example.org'" });
    expect(byEmail.data.map((c) => c.id)).toEqual([linus.id]);
    const both = await stripe.customers.search({
      query: `metadata["tag"]:"${tag}" AND -name:"Ken"`,
    });
    expect(both.data.map((c) => c.id)).toEqual([linus.id]);
    const either = await stripe.customers.search({ query: 'name~"Lin" OR name~"Ken"' });
    expect(either.data).toHaveLength(2);

    simulator.control.setSearchLag(60_000);
    try {
      const late = await stripe.customers.create({ email: 'late@example.org' });
      expect((await stripe.customers.search({ query: 'email:"late@example.org"' })).data).toEqual(
        [],
      );
      simulator.control.clock.advance(60_000);
      expect(
        (await stripe.customers.search({ query: 'email:"late@example.org"' })).data.map(
          (c) => c.id,
        ),
      ).toEqual([late.id]);
    } finally {
      simulator.control.setSearchLag(0);
      simulator.control.clock.reset();
    }
  });

  it('auto-paginates lists and search results', async () => {
    const paging = stripeClient(uniqueKey('paging'), listener.port);
    const created: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      created.push(
        (await paging.customers.create({ name: `Page ${i}`, metadata: { batch: 'p' } })).id,
      );
    }
    const listed: string[] = [];
    await paging.customers.list({ limit: 10 }).autoPagingEach((customer) => {
      listed.push(customer.id);
    });
    expect(listed).toEqual([...created].reverse());
    const found: string[] = [];
    for await (const customer of paging.customers.search({
      query: 'metadata["batch"]:"p"',
      limit: 7,
    })) {
      found.push(customer.id);
    }
    expect(found).toEqual([...created].reverse());
  });

  it('manages products and prices', async () => {
    const product = await stripe.products.create({
      name: 'Pro plan',
      default_price_data: { currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } },
    });
    const defaultPrice = await stripe.prices.retrieve(product.default_price as string);
    expect(defaultPrice).toMatchObject({
      product: product.id,
      unit_amount: 4900,
      type: 'recurring',
    });
    const yen = await stripe.prices.create({
      product: product.id,
      currency: 'jpy',
      unit_amount: 5000,
    });
    expect(yen.unit_amount).toBe(5000);
    const archived = await stripe.prices.update(yen.id, { active: false });
    expect(archived.active).toBe(false);
    const active = await stripe.prices.list({ product: product.id, active: true });
    expect(active.data.map((p) => p.id)).toEqual([defaultPrice.id]);
    await expect(stripe.prices.update(defaultPrice.id, { active: false })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'active',
      message: 'This price cannot be archived because it is the default price of its product.',
    });
    expect(
      (await stripe.products.update(product.id, { description: 'All features' })).description,
    ).toBe('All features');
    await expect(stripe.products.del(product.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
    const bare = await stripe.products.create({ name: 'Temporary' });
    expect(await stripe.products.del(bare.id)).toMatchObject({ id: bare.id, deleted: true });
  });

  it('bills with invoice items and invoices: create, finalize, pay out of band, void', async () => {
    const customer = await stripe.customers.create({ email: 'billing@example.com' });
    const product = await stripe.products.create({ name: 'Widget' });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1999,
    });
    await stripe.invoiceItems.create({
      customer: customer.id,
      price: price.id,
      quantity: 3,
    } as unknown as Stripe.InvoiceItemCreateParams);
    await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 1000,
      currency: 'usd',
      description: 'Setup',
    });
    const draft = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
    });
    expect(draft).toMatchObject({ status: 'draft', subtotal: 6997, total: 6997, amount_due: 6997 });
    const lines = await stripe.invoices.listLineItems(draft.id);
    expect(lines.data.map((line) => line.amount)).toEqual([1000, 5997]);
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/-0001$/);
    const paid = (await stripe.invoices.pay(open.id, {
      paid_out_of_band: true,
    })) as unknown as Invoice20230816;
    expect(paid).toMatchObject({
      status: 'paid',
      paid: true,
      paid_out_of_band: true,
      amount_paid: 6997,
    });

    const second = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: second.id, amount: 500 });
    await stripe.invoices.finalizeInvoice(second.id);
    const voided = await stripe.invoices.voidInvoice(second.id);
    expect(voided).toMatchObject({ status: 'void', total: 500 });
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((invoice) => invoice.status)).toEqual(['void', 'paid']);
  });

  it('lists and retrieves events', async () => {
    const customer = await stripe.customers.create({ name: 'Eventful' });
    await stripe.customers.update(customer.id, { name: 'Eventful II' });
    const events = await stripe.events.list({ type: 'customer.updated', limit: 1 });
    const [event] = events.data;
    expect(event).toMatchObject({ type: 'customer.updated', api_version: '2023-08-16' });
    expect((event.data.object as Stripe.Customer).name).toBe('Eventful II');
    expect(event.data.previous_attributes).toEqual({ name: 'Eventful' });
    expect((await stripe.events.retrieve(event.id)).id).toBe(event.id);
  });

  it('delivers signed webhooks that constructEvent verifies, retrying a failed delivery', async () => {
    const receiver = new WebhookReceiver([500]);
    const url = await receiver.start();
    try {
      const hooks = stripeClient(uniqueKey('webhooks'), listener.port);
      const endpoint = await hooks.webhookEndpoints.create({
        url,
        enabled_events: ['customer.created'],
      });
      expect(endpoint.secret).toMatch(/^whsec_/);
      const customer = await hooks.customers.create({ email: 'hook@example.com' });
      await hooks.customers.update(customer.id, { name: 'not subscribed' });
      const [failed, retried] = await receiver.waitFor(2);
      expect(retried.rawBody).toBe(failed.rawBody);
      const signature = retried.headers['stripe-signature'] as string;
      const event = hooks.webhooks.constructEvent(
        retried.rawBody,
        signature,
        endpoint.secret as string,
      );
      expect(event.type).toBe('customer.created');
      expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
      expect(() =>
        hooks.webhooks.constructEvent(retried.rawBody, signature, 'whsec_wrong'),
      ).toThrow(Stripe.errors.StripeSignatureVerificationError);
      await simulator.control.webhooks.whenIdle();
      expect(receiver.received).toHaveLength(2);
      expect((await hooks.events.retrieve(event.id)).pending_webhooks).toBe(0);
    } finally {
      await receiver.stop();
    }
  });

  it('raises the SDK error classes for Stripe errors', async () => {
    const missing = await stripe.customers
      .retrieve('cus_doesnotexist')
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
    const invalid = await stripe.prices
      .create({ product: 'prod_x' } as Stripe.PriceCreateParams)
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(invalid).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'currency',
    });

    const badKey = stripeClient('sk_live_not_a_test_key', listener.port);
    await expect(badKey.customers.list()).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    const revokedKey = uniqueKey('revoked');
    simulator.revokeKey(revokedKey);
    const revoked = await stripeClient(revokedKey, listener.port)
      .customers.list()
      .catch((error: unknown) => error);
    expect(revoked).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(revoked).toMatchObject({ code: 'api_key_expired' });

    simulator.control.faults.startStorm(60_000, 2);
    try {
      await expect(stripe.customers.list()).rejects.toBeInstanceOf(
        Stripe.errors.StripeRateLimitError,
      );
    } finally {
      simulator.control.faults.startStorm(0, 1);
    }
    // Stripe's test-mode budget: 25 operations per second per account. The clock is frozen so
    // exactly the budget passes, however long the burst takes.
    const frozen = Date.now();
    const limited = createStripeSimulator({
      rateLimit: true,
      clock: new SimulationClock(() => frozen),
    });
    const limitedListener = await listenSimulator(limited.handler);
    try {
      const client = stripeClient(uniqueKey('limited'), limitedListener.port);
      const burst = await Promise.allSettled(
        Array.from({ length: 30 }, () => client.customers.list({ limit: 1 })),
      );
      const rejected = burst.filter((result) => result.status === 'rejected');
      expect(burst.length - rejected.length).toBe(25);
      expect(rejected.every((r) => r.reason instanceof Stripe.errors.StripeRateLimitError)).toBe(
        true,
      );
      expect(rejected[0]).toMatchObject({ reason: { statusCode: 429, code: 'rate_limit' } });
    } finally {
      await limitedListener.close();
      limited.close();
    }

    const idempotencyKey = `sdk-${Date.now()}`;
    const first = await stripe.customers.create({ name: 'Once' }, { idempotencyKey });
    const again = await stripe.customers.create({ name: 'Once' }, { idempotencyKey });
    expect(again.id).toBe(first.id);
    const reused = await stripe.customers
      .create({ name: 'Twice' }, { idempotencyKey })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);

    simulator.control.faults.setRules([
      { method: 'POST', path: '/v1/customers', status: 503, count: 1 },
    ]);
    const retryKey = `sdk-retry-${Date.now()}`;
    const unavailable = await stripe.customers
      .create({ name: 'Retry' }, { idempotencyKey: retryKey })
      .catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(Stripe.errors.StripeAPIError);
    const recovered = await stripe.customers.create(
      { name: 'Retry' },
      { idempotencyKey: retryKey },
    );
    expect(recovered.name).toBe('Retry');
  });
});
