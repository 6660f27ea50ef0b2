import { randomUUID } from 'node:crypto';

import { contentOf, type InvoiceContent } from '@concord/model';
import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createStripeSimulator, type StripeSimulator } from '@concord/simulators/stripe';
import { aCustomer, anInvoice, anInvoiceLine, aProduct } from '@concord/testing';
import Stripe from 'stripe';

import { simulatorConnection, TestLinks, upsertContext } from '../../test/stripe-test-context';
import { stripeEventsPollSource } from '../inbound/stripe-events.poll-source';
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

  it('creates a customer or draft deleted in Stripe again only when the conflict policy lets the catalog win', async () => {
    const withPolicy = (policy: 'catalog-wins' | 'external-wins' | 'last-writer-wins') => {
      const base = connection();
      return {
        ...base,
        settings: { ...base.settings, conflictPolicy: { default: policy, fieldOwners: [] } },
      };
    };
    const minute = 60_000;
    /** A customer written, deleted in Stripe, then changed in the catalog at `changedAt`. */
    const updateAfterStripeDelete = async (
      policy: 'catalog-wins' | 'external-wins' | 'last-writer-wins',
      changedAt: Date,
    ) => {
      const customer = aCustomer();
      const content = contentOf('customer', customer);
      const conn = withPolicy(policy);
      const map = (c: typeof content) =>
        stripeCustomerMapper.toExternal(c, { links: new TestLinks(), connection: conn });
      const created = await adapter.upsert('customer', customer.id, map(content), {
        ...upsertContext(conn),
        content,
      });
      await stripe.customers.del(created.externalId);
      const changed = { ...content, name: `${customer.name} (renamed)` };
      const result = await adapter
        .upsert('customer', customer.id, map(changed), {
          ...upsertContext(conn, {
            existing: { externalId: created.externalId, parts: {} },
            catalogChangedAt: changedAt.toISOString(),
          }),
          content: changed,
        })
        .catch((error: { code?: string; category?: string }) => error);
      const live = (await stripe.customers.list({ limit: 100 })).data.filter(
        (c) => c.metadata['concord_id'] === customer.id,
      );
      return { created, result, live };
    };
    const pending = { code: 'EXTERNAL_DELETE_PENDING', category: 'retryable' };

    const kept = await updateAfterStripeDelete('catalog-wins', new Date(Date.now() - minute));
    expect(kept.live).toHaveLength(1);
    expect(kept.result).toMatchObject({ externalId: kept.live[0].id });
    expect(kept.live[0].id).not.toBe(kept.created.externalId);

    const deleted = await updateAfterStripeDelete('external-wins', new Date(Date.now() + minute));
    expect(deleted.result).toMatchObject(pending);
    expect(deleted.live).toEqual([]);

    const older = await updateAfterStripeDelete('last-writer-wins', new Date(Date.now() - minute));
    expect(older.result).toMatchObject(pending);
    expect(older.live).toEqual([]);
    const newer = await updateAfterStripeDelete('last-writer-wins', new Date(Date.now() + minute));
    expect(newer.live).toHaveLength(1);
    expect(newer.result).toMatchObject({ externalId: newer.live[0].id });

    // A draft invoice deleted in Stripe is not created again either when the delete stands.
    const conn = withPolicy('external-wins');
    const links = new TestLinks();
    links.set('customer', newer.live[0].metadata['concord_id'], newer.live[0].id);
    const draft = anInvoice({
      customerId: newer.live[0].metadata['concord_id'],
      currency: 'USD',
      status: 'draft',
      lines: [anInvoiceLine({ productId: null, unitAmount: 700 })],
    });
    const content = contentOf('invoice', draft);
    const mapped = stripeInvoiceMapper.toExternal(content, { links, connection: conn });
    const invoice = await adapter.upsert('invoice', draft.id, mapped, {
      ...upsertContext(conn),
      content,
    });
    await stripe.invoices.del(invoice.externalId);
    await expect(
      adapter.upsert('invoice', draft.id, mapped, {
        ...upsertContext(conn, { existing: { externalId: invoice.externalId, parts: {} } }),
        content,
      }),
    ).rejects.toMatchObject(pending);
    expect((await stripe.invoices.list({ limit: 100 })).data).toEqual([]);
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

  it('writes a product’s metadata beside its own keys, clears removed keys, and reads a Stripe edit back', async () => {
    const product = aProduct({ sku: 'LOOM-7', metadata: { colour: 'oak', warehouse: 'lyon' } });
    const content = contentOf('product', product);
    const links = new TestLinks();
    const map = (c: typeof content) =>
      stripeProductMapper.toExternal(c, { links, connection: connection() });
    const created = await adapter.upsert('product', product.id, map(content), {
      ...upsertContext(connection()),
      content,
    });
    expect((await stripe.products.retrieve(created.externalId)).metadata).toEqual({
      colour: 'oak',
      warehouse: 'lyon',
      sku: 'LOOM-7',
      concord_id: product.id,
    });

    const changed = { ...content, metadata: { colour: 'walnut' } };
    await adapter.upsert('product', product.id, map(changed), {
      ...upsertContext(connection(), {
        existing: { externalId: created.externalId, parts: created.parts ?? {} },
        changedFields: ['metadata'],
      }),
      content: changed,
    });
    expect((await stripe.products.retrieve(created.externalId)).metadata).toEqual({
      colour: 'walnut',
      sku: 'LOOM-7',
      concord_id: product.id,
    });

    // Someone edits the product's metadata in Stripe: inbound reports the user's keys only.
    const start = (await stripe.events.list({ limit: 1 })).data[0].id;
    await stripe.products.update(created.externalId, { metadata: { size: 'L' } });
    const polled = await stripeEventsPollSource.poll(start, upsertContext(connection(), { links }));
    expect(polled.changes).toEqual([
      expect.objectContaining({
        entityType: 'product',
        externalId: created.externalId,
        content: expect.objectContaining({
          sku: 'LOOM-7',
          metadata: { colour: 'walnut', size: 'L' },
        }),
      }),
    ]);
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

  it('re-lines a draft without an unrecognised event showing it half-built (the catalog once took an empty line list back)', async () => {
    const links = new TestLinks();
    const customer = aCustomer({ currency: 'USD' });
    const customerContent = contentOf('customer', customer);
    const linked = await adapter.upsert(
      'customer',
      customer.id,
      stripeCustomerMapper.toExternal(customerContent, { links, connection: connection() }),
      { ...upsertContext(connection()), content: customerContent },
    );
    links.set('customer', customer.id, linked.externalId);
    const draft = anInvoice({
      customerId: customer.id,
      currency: 'USD',
      status: 'draft',
      lines: [
        anInvoiceLine({ productId: null, quantity: 2, unitAmount: 1250, description: 'Hours' }),
      ],
    });
    const write = async (content: InvoiceContent, externalId?: string) =>
      adapter.upsert(
        'invoice',
        draft.id,
        stripeInvoiceMapper.toExternal(content, { links, connection: connection() }),
        {
          ...upsertContext(connection(), {
            existing: externalId ? { externalId, parts: {} } : null,
          }),
          content,
        },
      );
    const hours = (quantity: number) =>
      anInvoiceLine({ productId: null, quantity, unitAmount: 1250, description: 'Hours' });
    const created = await write(contentOf('invoice', draft));
    const start = (await stripe.events.list({ limit: 1 })).data[0].id;

    // A PATCH of the lines without their ids: the catalog gives the line a new id.
    const relined = contentOf('invoice', {
      ...draft,
      lines: [
        anInvoiceLine({ productId: null, quantity: 3, unitAmount: 1250, description: 'Hours' }),
      ],
    });
    await write(relined, created.externalId);

    const stored = await stripe.invoices.retrieve(created.externalId);
    expect(stored.lines.data.map((line) => [line.quantity, line.amount])).toEqual([[3, 3750]]);
    // What inbound reads from /v1/events after the re-lining: Concord's keyed writes are echoes,
    // and whatever is left must show the invoice as the catalog has it, never without its line.
    const polled = await stripeEventsPollSource.poll(start, upsertContext(connection(), { links }));
    const seen = polled.changes
      .filter((change) => change.externalId === created.externalId)
      .map((change) =>
        (change.content as { lines: { quantity: number }[] }).lines.map((line) => line.quantity),
      );
    expect(seen.filter((quantities) => quantities.join() !== '3')).toEqual([]);

    // Three lines become two: one is kept, one replaced, one dropped. Only the dropped line's
    // item is deleted (unkeyed), after the rest is in place, so its event shows the final lines.
    const kept = relined.lines[0];
    const three = { ...relined, lines: [kept, hours(4), hours(5)] };
    await write(three, created.externalId);
    const before = (await stripe.events.list({ limit: 1 })).data[0].id;
    await write({ ...relined, lines: [kept, hours(6)] }, created.externalId);
    const after = await stripe.invoices.retrieve(created.externalId);
    expect(after.lines.data.map((line) => line.quantity)).toEqual([3, 6]);
    const unrecognised = (
      await stripeEventsPollSource.poll(before, upsertContext(connection(), { links }))
    ).changes.map((change) =>
      (change.content as { lines: { quantity: number }[] }).lines.map((line) => line.quantity),
    );
    expect(unrecognised).toEqual([[3, 6]]);
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
