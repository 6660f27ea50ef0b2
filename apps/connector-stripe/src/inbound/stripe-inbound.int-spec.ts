import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createStripeSimulator, type StripeSimulator } from '@concord/simulators/stripe';
import { eventually } from '@concord/testing';
import Stripe from 'stripe';

import { simulatorConnection, upsertContext } from '../../test/stripe-test-context';
import { STRIPE_API_VERSION } from '../stripe/stripe-client.factory';
import type { StripeEvent2023 } from '../stripe/stripe-wire.types';
import { stripeEventsPollSource } from './stripe-events.poll-source';
import { stripeWebhookSource } from './stripe-webhook.source';

interface Delivery {
  body: Buffer;
  headers: IncomingHttpHeaders;
}

describe('Stripe inbound sources against the Stripe simulator', () => {
  let simulator: StripeSimulator;
  let listener: RunningListener;
  let receiver: Server;
  let receiverUrl: string;
  const deliveries: Delivery[] = [];
  const source = stripeWebhookSource();
  const apiKey = `sk_test_${randomUUID().replace(/-/g, '')}`;
  let stripe: Stripe;
  let secret: string;

  // One connection for the whole suite, as the kit holds one per tenant.
  let connection: ReturnType<typeof simulatorConnection> | undefined;
  const ctx = () => upsertContext((connection ??= simulatorConnection(listener.url, apiKey)));
  const flatHeaders = (headers: IncomingHttpHeaders) =>
    Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    );
  const deliveryOf = (type: string, id: string): Promise<Delivery> =>
    eventually(() => {
      const found = deliveries.find((d) => {
        const event = JSON.parse(d.body.toString()) as StripeEvent2023;
        return event.type === type && event.data.object.id === id;
      });
      if (!found) throw new Error(`no ${type} delivery for ${id} yet`);
      return found;
    });

  beforeAll(async () => {
    simulator = createStripeSimulator({ seed: 11 });
    listener = await listenSimulator(simulator.handler);
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        deliveries.push({ body: Buffer.concat(chunks), headers: req.headers });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    stripe = new Stripe(apiKey, {
      host: '127.0.0.1',
      port: listener.port,
      protocol: 'http',
      apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    });
    const registered = await source.register?.(receiverUrl, null, ctx());
    secret = registered?.secret as string;
  });

  afterAll(async () => {
    simulator.close();
    await listener.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('registers the endpoint once: a known endpoint is reused without a new secret', async () => {
    expect(secret).toMatch(/^whsec_/);
    const endpoints = await stripe.webhookEndpoints.list();
    expect(endpoints.data).toHaveLength(1);
    const again = await source.register?.(receiverUrl, { endpointId: endpoints.data[0].id }, ctx());
    expect(again).toEqual({ endpointId: endpoints.data[0].id, secret: null });
    expect((await stripe.webhookEndpoints.list()).data).toHaveLength(1);
  });

  it('leaves one endpoint when the secret of an earlier registration was lost (a crash before saving it)', async () => {
    const before = (await stripe.webhookEndpoints.list()).data;
    expect(before).toHaveLength(1);
    // The kit never saved the first registration: it registers again, knowing nothing.
    const again = await source.register?.(receiverUrl, null, ctx());
    expect(again?.secret).toMatch(/^whsec_/);
    const after = (await stripe.webhookEndpoints.list()).data;
    expect(after.map((e) => e.id)).toEqual([again?.endpointId]);
    expect(after[0].id).not.toBe(before[0].id);
    secret = again?.secret as string;
  });

  it('verifies real deliveries and turns them into the record as Stripe now holds it', async () => {
    const customer = await stripe.customers.create({ name: 'Grace', email: 'grace@example.com' });
    await stripe.customers.update(customer.id, { name: 'Grace Hopper' });
    const delivery = await deliveryOf('customer.created', customer.id);
    const [event] = source.verify(delivery.body, flatHeaders(delivery.headers), [secret]);
    expect(source.isOwnWrite(event)).toBe(false);
    const changes = await source.toChanges(event, ctx());
    expect(changes).toEqual([
      expect.objectContaining({
        entityType: 'customer',
        externalId: customer.id,
        operation: 'upsert',
        sourceEventId: event.id,
        content: expect.objectContaining({ name: 'Grace Hopper', email: 'grace@example.com' }),
      }),
    ]);
  });

  it('refuses tampered and stale deliveries', async () => {
    const customer = await stripe.customers.create({ name: 'Mallory' });
    const delivery = await deliveryOf('customer.created', customer.id);
    const tampered = Buffer.from(delivery.body.toString().replace('Mallory', 'Eve'));
    expect(() => source.verify(tampered, flatHeaders(delivery.headers), [secret])).toThrow(
      /signature/i,
    );

    await fetch(`${listener.url}/_control/clock`, {
      method: 'POST',
      body: JSON.stringify({ set: Date.now() - 600_000 }),
    });
    try {
      const old = await stripe.customers.create({ name: 'Old' });
      const stale = await deliveryOf('customer.created', old.id);
      expect(() => source.verify(stale.body, flatHeaders(stale.headers), [secret])).toThrow(
        expect.objectContaining({
          code: 'INVALID_SIGNATURE',
          details: { reason: 'timestamp outside tolerance' },
        }),
      );
    } finally {
      await fetch(`${listener.url}/_control/clock`, {
        method: 'POST',
        body: JSON.stringify({ reset: true }),
      });
    }
  });

  it('reports a deleted record as a delete and Concord’s own writes as echoes', async () => {
    const customer = await stripe.customers.create({ name: 'Temp' });
    await stripe.customers.del(customer.id);
    const deleted = await deliveryOf('customer.deleted', customer.id);
    const [event] = source.verify(deleted.body, flatHeaders(deleted.headers), [secret]);
    expect(await source.toChanges(event, ctx())).toEqual([
      expect.objectContaining({ operation: 'delete', externalId: customer.id, content: null }),
    ]);

    const own = await stripe.customers.create(
      { name: 'Ours' },
      { idempotencyKey: `concord-${randomUUID()}-create` },
    );
    const echo = await deliveryOf('customer.created', own.id);
    expect(
      source.isOwnWrite(source.verify(echo.body, flatHeaders(echo.headers), [secret])[0]),
    ).toBe(true);
  });

  it('polls /v1/events from a durable cursor, oldest first, skipping Concord’s own writes', async () => {
    const start = await stripeEventsPollSource.poll(null, ctx());
    expect(start.changes).toEqual([]);
    const theirs = await stripe.customers.create({ name: 'Polled' });
    await stripe.customers.update(theirs.id, { name: 'Polled twice' });
    await stripe.customers.create(
      { name: 'Ours' },
      { idempotencyKey: `concord-${randomUUID()}-create` },
    );

    const next = await stripeEventsPollSource.poll(start.nextCursor, ctx());
    expect(
      next.changes.map((change) => [
        change.externalId,
        change.content && 'name' in change.content ? change.content.name : null,
      ]),
    ).toEqual([
      [theirs.id, 'Polled'],
      [theirs.id, 'Polled twice'],
    ]);
    const after = await stripeEventsPollSource.poll(next.nextCursor, ctx());
    expect(after).toEqual({ changes: [], nextCursor: next.nextCursor });
  });
});
