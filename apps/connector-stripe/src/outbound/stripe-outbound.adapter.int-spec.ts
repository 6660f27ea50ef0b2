import { randomUUID } from 'node:crypto';

import { contentOf } from '@concord/model';
import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createStripeSimulator, type StripeSimulator } from '@concord/simulators/stripe';
import { aCustomer, anInvoice, anInvoiceLine, aProduct } from '@concord/testing';
import Stripe from 'stripe';

import { simulatorConnection, TestLinks, upsertContext } from '../../test/stripe-test-context';
import { stripeCustomerMapper } from '../mappers/stripe-customer.mapper';
import { stripeInvoiceMapper } from '../mappers/stripe-invoice.mapper';
import { stripeProductMapper } from '../mappers/stripe-product.mapper';
import { STRIPE_API_VERSION } from '../stripe/stripe-client.factory';
import { stripeOutboundAdapter } from './stripe-outbound.adapter';

describe('Stripe outbound adapter against the Stripe simulator (official SDK)', () => {
  let simulator: StripeSimulator;
  let listener: RunningListener;
  let apiKey: string;
  let stripe: Stripe;
  const adapter = stripeOutboundAdapter();

  beforeAll(async () => {
    simulator = createStripeSimulator({ seed: 7 });
    listener = await listenSimulator(simulator.handler);
  });
  beforeEach(() => {
    // Every sk_test_ key is an account of its own: each test gets a fresh one.
    apiKey = `sk_test_${randomUUID().replace(/-/g, '')}`;
    stripe = new Stripe(apiKey, {
      host: '127.0.0.1',
      port: listener.port,
      protocol: 'http',
      apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    });
  });
  afterAll(async () => {
    simulator.close();
    await listener.close();
  });

  const connection = () => simulatorConnection(listener.url, apiKey);

  /** A catalog product with its unit price, written to Stripe; `map` maps a later version. */
  async function aWrittenProduct(amount: number, currency: string) {
    const product = aProduct({ unitPrice: { amount, currency } });
    const content = contentOf('product', product);
    const links = new TestLinks();
    const map = (c: typeof content) =>
      stripeProductMapper.toExternal(c, { links, connection: connection() });
    const created = await adapter.upsert('product', product.id, map(content), {
      ...upsertContext(connection()),
      content,
    });
    return { product, content, links, map, created };
  }

  it('creates, updates (clearing removed metadata) and deletes a customer, round-tripping its content', async () => {
    const customer = aCustomer({ metadata: { tier: 'gold', region: 'emea' } });
    const content = contentOf('customer', customer);
    const links = new TestLinks();
    const mapped = stripeCustomerMapper.toExternal(content, { links, connection: connection() });
    const created = await adapter.upsert('customer', customer.id, mapped, {
      ...upsertContext(connection()),
      content,
    });

    const stored = await stripe.customers.retrieve(created.externalId);
    expect(stored).toMatchObject({
      name: customer.name,
      email: customer.email,
      metadata: { concord_id: customer.id },
    });
    expect(
      stripeCustomerMapper.toCanonical(stored, { links, connection: connection() }).content,
    ).toEqual(content);

    const changed = { ...content, name: 'Ada King', phone: null, metadata: { tier: 'platinum' } };
    await adapter.upsert(
      'customer',
      customer.id,
      stripeCustomerMapper.toExternal(changed, { links, connection: connection() }),
      {
        ...upsertContext(connection(), {
          existing: { externalId: created.externalId, parts: {} },
          changedFields: ['name', 'phone', 'metadata'],
        }),
        content: changed,
      },
    );
    const updated = await stripe.customers.retrieve(created.externalId);
    expect(
      stripeCustomerMapper.toCanonical(updated, { links, connection: connection() }).content,
    ).toEqual(changed);
    expect(await stripe.customers.list()).toMatchObject({
      data: [expect.objectContaining({ id: created.externalId })],
    });

    await adapter.delete('customer', created.externalId, {
      ...upsertContext(connection(), { existing: { externalId: created.externalId, parts: {} } }),
      existing: { externalId: created.externalId, parts: {} },
    });
    expect(await stripe.customers.retrieve(created.externalId)).toMatchObject({ deleted: true });
  });

  it('writes each event once however often it is delivered (same idempotency keys)', async () => {
    const customer = aCustomer();
    const content = contentOf('customer', customer);
    const mapped = stripeCustomerMapper.toExternal(content, {
      links: new TestLinks(),
      connection: connection(),
    });
    const eventId = randomUUID();
    const first = await adapter.upsert('customer', customer.id, mapped, {
      ...upsertContext(connection(), { eventId }),
      content,
    });
    const again = await adapter.upsert('customer', customer.id, mapped, {
      ...upsertContext(connection(), { eventId }),
      content,
    });
    expect(again.externalId).toBe(first.externalId);
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });

  it('keeps a product and its price: a new amount makes a new default price and retires the old one', async () => {
    const { product, content, links, map, created } = await aWrittenProduct(1999, 'EUR');
    const firstPrice = created.parts?.['price'] as string;
    expect(firstPrice).toMatch(/^price_/);

    const repriced = { ...content, unitPrice: { amount: 2499, currency: 'EUR' } };
    const second = await adapter.upsert('product', product.id, map(repriced), {
      ...upsertContext(connection(), {
        existing: { externalId: created.externalId, parts: created.parts ?? {} },
        changedFields: ['unitPrice'],
      }),
      content: repriced,
    });
    expect(second.parts?.['price']).not.toBe(firstPrice);
    const stored = await stripe.products.retrieve(created.externalId, {
      expand: ['default_price'],
    });
    expect(
      stripeProductMapper.toCanonical(stored, { links, connection: connection() }).content,
    ).toEqual(repriced);
    expect((await stripe.prices.retrieve(firstPrice)).active).toBe(false);

    await adapter.delete('product', created.externalId, {
      ...upsertContext(connection()),
      existing: { externalId: created.externalId, parts: second.parts ?? {} },
    });
    expect((await stripe.products.retrieve(created.externalId)).active).toBe(false);
  });

  it('writes an invoice with its lines and status, moves it on, and voids it when deleted', async () => {
    const links = new TestLinks();
    const customer = aCustomer({ currency: 'USD' });
    const product = aProduct({ unitPrice: { amount: 1500, currency: 'USD' } });
    const write = async <E extends 'customer' | 'product'>(
      type: E,
      entity: typeof customer | typeof product,
    ) => {
      const content = contentOf(type, entity as never);
      const mapper = type === 'customer' ? stripeCustomerMapper : stripeProductMapper;
      const result = await adapter.upsert(
        type,
        entity.id,
        mapper.toExternal(content as never, { links, connection: connection() }) as never,
        {
          ...upsertContext(connection()),
          content: content as never,
        },
      );
      links.set(type, entity.id, result.externalId);
      if (result.parts?.['price']) links.set(type, entity.id, result.parts['price'], 'price');
    };
    await write('customer', customer);
    await write('product', product);
    const invoice = anInvoice({
      customerId: customer.id,
      currency: 'USD',
      status: 'open',
      dueDate: '2030-01-31',
      lines: [
        anInvoiceLine({
          productId: product.id,
          quantity: 2,
          unitAmount: 1500,
          description: 'Engine',
        }),
        anInvoiceLine({ productId: null, quantity: 1, unitAmount: 250, description: 'Setup' }),
      ],
    });
    const content = contentOf('invoice', invoice);
    const mapped = stripeInvoiceMapper.toExternal(content, { links, connection: connection() });
    const created = await adapter.upsert('invoice', invoice.id, mapped, {
      ...upsertContext(connection()),
      content,
    });

    const stored = await stripe.invoices.retrieve(created.externalId);
    expect(stored).toMatchObject({
      status: 'open',
      total: 3250,
      customer: links.externalId('customer', customer.id),
    });
    const canonical = stripeInvoiceMapper.toCanonical(stored, {
      links,
      connection: connection(),
    }).content;
    expect(canonical).toMatchObject({
      status: 'open',
      currency: 'USD',
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: '2030-01-31',
      total: 3250,
      lines: [
        expect.objectContaining({
          productExternalId: links.externalId('product', product.id),
          quantity: 2,
          unitAmount: 1500,
          amount: 3000,
        }),
        expect.objectContaining({
          productExternalId: null,
          quantity: 1,
          unitAmount: 250,
          amount: 250,
        }),
      ],
    });

    const paid = { ...content, status: 'paid' as const };
    await adapter.upsert(
      'invoice',
      invoice.id,
      stripeInvoiceMapper.toExternal(paid, { links, connection: connection() }),
      {
        ...upsertContext(connection(), { existing: { externalId: created.externalId, parts: {} } }),
        content: paid,
      },
    );
    expect((await stripe.invoices.retrieve(created.externalId)).status).toBe('paid');

    const second = anInvoice({
      customerId: customer.id,
      currency: 'USD',
      status: 'open',
      lines: [anInvoiceLine({ unitAmount: 100 })],
    });
    const secondContent = contentOf('invoice', second);
    const open = await adapter.upsert(
      'invoice',
      second.id,
      stripeInvoiceMapper.toExternal(secondContent, { links, connection: connection() }),
      {
        ...upsertContext(connection()),
        content: secondContent,
      },
    );
    await adapter.delete('invoice', open.externalId, {
      ...upsertContext(connection()),
      existing: { externalId: open.externalId, parts: {} },
    });
    expect((await stripe.invoices.retrieve(open.externalId)).status).toBe('void');
  });

  it('finds records by Concord id and existing customers by email, never one linked elsewhere', async () => {
    const ctx = upsertContext(connection());
    const linked = await stripe.customers.create({
      email: 'same@example.com',
      metadata: { concord_id: 'other' },
    });
    const free = await stripe.customers.create({ email: 'same@example.com' });
    expect(await adapter.findByMatchingKey?.('customer', 'email', 'same@example.com', ctx)).toBe(
      free.id,
    );
    expect(await adapter.findByConcordId?.('customer', 'other', ctx)).toBe(linked.id);
    const product = await stripe.products.create({
      name: 'P',
      metadata: { concord_id: 'p-1', sku: 'SKU-1' },
    });
    expect(await adapter.findByConcordId?.('product', 'p-1', ctx)).toBe(product.id);
    expect(await adapter.findByMatchingKey?.('product', 'sku', 'SKU-1', ctx)).toBeNull();
  });

  it('retires the old price on a retry when deactivating it failed after the default moved', async () => {
    const { product, content, map, created } = await aWrittenProduct(1000, 'USD');
    const repriced = { ...content, unitPrice: { amount: 1500, currency: 'USD' } };
    const reprice = () =>
      adapter.upsert('product', product.id, map(repriced), {
        ...upsertContext(connection(), {
          existing: { externalId: created.externalId, parts: created.parts ?? {} },
          changedFields: ['unitPrice'],
        }),
        content: repriced,
      });
    // The price update that deactivates the old price fails once (the chaos suite's 5xx storm).
    await fetch(`${listener.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify({
        rules: [{ method: 'POST', path: '/v1/prices/*', count: 1, status: 503 }],
      }),
    });
    await expect(reprice()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await fetch(`${listener.url}/_control/faults`, { method: 'DELETE' });

    await reprice();
    const active = await stripe.prices.list({ product: created.externalId, active: true });
    expect(active.data.map((p) => p.unit_amount)).toEqual([1500]);
    expect((await stripe.prices.retrieve(created.parts?.['price'] as string)).active).toBe(false);
  });

  it('leaves one active price when a newer version overtakes a reprice that failed half-way', async () => {
    const { product, content, map, created } = await aWrittenProduct(1000, 'USD');
    const existing = { externalId: created.externalId, parts: created.parts ?? {} };
    const write = (c: typeof content, changedFields: string[] | null) =>
      adapter.upsert('product', product.id, map(c), {
        ...upsertContext(connection(), { existing, changedFields }),
        content: c,
      });
    // v2's new price is created, then the product update that makes it the default fails.
    await fetch(`${listener.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify({
        rules: [{ method: 'POST', path: '/v1/products/*', count: 1, status: 503 }],
      }),
    });
    const v2 = { ...content, unitPrice: { amount: 1500, currency: 'USD' } };
    await expect(write(v2, ['unitPrice'])).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await fetch(`${listener.url}/_control/faults`, { method: 'DELETE' });
    expect(
      (await stripe.prices.list({ product: created.externalId, active: true })).data,
    ).toHaveLength(2);

    // v3 (a new name) is written before v2's retry, which is then stale: the kit writes v3 whole.
    const v3 = { ...v2, name: 'Renamed' };
    const result = await write(v3, null);

    const active = await stripe.prices.list({ product: created.externalId, active: true });
    expect(active.data.map((p) => [p.id, p.unit_amount])).toEqual([
      [result.parts?.['price'], 1500],
    ]);
    const stored = await stripe.products.retrieve(created.externalId);
    expect([stored.name, stored.default_price]).toEqual(['Renamed', result.parts?.['price']]);
  });

  it('classifies revoked keys, 429 storms and injected 5xx the Concord way', async () => {
    const customer = aCustomer();
    const content = contentOf('customer', customer);
    const mapped = stripeCustomerMapper.toExternal(content, {
      links: new TestLinks(),
      connection: connection(),
    });
    const attempt = () =>
      adapter.upsert('customer', customer.id, mapped, { ...upsertContext(connection()), content });

    await fetch(`${listener.url}/_control/storm`, {
      method: 'POST',
      body: JSON.stringify({ durationMs: 60_000, retryAfterSeconds: 3 }),
    });
    await expect(attempt()).rejects.toMatchObject({ category: 'rate-limited', retryAfterMs: 3000 });
    await fetch(`${listener.url}/_control/storm`, {
      method: 'POST',
      body: JSON.stringify({ durationMs: 0 }),
    });

    await fetch(`${listener.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify({
        rules: [{ method: 'POST', path: '/v1/customers', count: 1, status: 503 }],
      }),
    });
    await expect(attempt()).rejects.toMatchObject({
      category: 'retryable',
      code: 'UPSTREAM_UNAVAILABLE',
    });
    await fetch(`${listener.url}/_control/faults`, { method: 'DELETE' });

    simulator.revokeKey(apiKey);
    await expect(attempt()).rejects.toMatchObject({ category: 'auth' });
    simulator.restoreKey(apiKey);
    await expect(attempt()).resolves.toMatchObject({ externalId: expect.stringMatching(/^cus_/) });
  });
});
