import { signStripePayload } from '@concord/auth';
import { connectorInboundTopic, withTopicPrefix } from '@concord/model';
import {
  collectMessages,
  eventually,
  type MessageCollector,
  recordRefusal,
  testKafkaBrokers,
} from '@concord/testing';
import type { Pool } from 'pg';
import type Stripe from 'stripe';

import { type E2eTenant, StripeE2eWorld } from '../e2e/stripe-e2e-world';
import { catalogDatabase, type WebhookEndpoint, webhookEndpointOf } from './stripe-security-world';

interface CatalogCustomer {
  id: string;
  version: number;
  name: string;
  updatedAt: string;
}

const world = new StripeE2eWorld();
let tenant: E2eTenant;
let endpoint: WebhookEndpoint;
let db: Pool;
let inbound: MessageCollector;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
  await world.connectStripe(tenant);
  db = catalogDatabase(world);
  endpoint = await webhookEndpointOf(world, tenant, db);
  inbound = await collectMessages({
    brokers: testKafkaBrokers(),
    topic: withTopicPrefix(world.prefix, connectorInboundTopic('stripe')),
    fromBeginning: true,
  });
}, 180_000);

afterAll(async () => {
  await inbound?.stop();
  await db?.end();
  await world.stop();
}, 60_000);

async function deliver(body: string, signature: string | undefined): Promise<number> {
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'stripe-signature': signature } : {}),
    },
    body,
  });
  return response.status;
}

async function catalogCustomerOf(externalId: string): Promise<CatalogCustomer | undefined> {
  const page = await tenant.catalog.get<{ data: CatalogCustomer[] }>(
    `/v1/customers?system=stripe&externalId=${externalId}&includeDeleted=true`,
  );
  return page.body.data[0];
}

const mentions = (id: string) =>
  inbound.messages.filter((message) => JSON.stringify(message.value).includes(id)).length;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('Stripe webhooks: forged, tampered, stale, unsigned and replayed deliveries', () => {
  it('refuses every bad delivery with 400 and nothing reaches the catalog; a genuine one applies', async () => {
    // A customer Stripe knows but Concord was never told about (the simulator's deliveries are off).
    await world.control('webhooks', { enabled: false });
    const external = await tenant.stripe.customers.create({
      name: 'Target',
      email: 'target@example.com',
    });
    const event = (await tenant.stripe.events.list({ limit: 20 })).data.find(
      (candidate) =>
        candidate.type === 'customer.created' &&
        (candidate.data.object as { id: string }).id === external.id,
    );
    expect(event).toBeDefined();
    await world.control('webhooks', { enabled: true });
    const body = JSON.stringify(event);
    const tampered = body.replace('"Target"', '"Mallory"');
    expect(tampered).not.toBe(body);

    const attacks: Array<[string, string, string | undefined]> = [
      [
        'forged signature (another secret)',
        body,
        signStripePayload({ secret: 'whsec_forged_by_mallory', payload: body }),
      ],
      [
        'tampered body under the original signature',
        tampered,
        signStripePayload({ secret: endpoint.secret, payload: body }),
      ],
      [
        'stale timestamp (1 h old, tolerance 300 s)',
        body,
        signStripePayload({
          secret: endpoint.secret,
          payload: body,
          timestamp: nowSeconds() - 3600,
        }),
      ],
      [
        'timestamp 1 h in the future',
        body,
        signStripePayload({
          secret: endpoint.secret,
          payload: body,
          timestamp: nowSeconds() + 3600,
        }),
      ],
      ['no Stripe-Signature header', body, undefined],
      ['empty signature list', body, `t=${nowSeconds()}`],
      [
        'malformed timestamp',
        body,
        signStripePayload({ secret: endpoint.secret, payload: body }).replace(/^t=\d+/, 't=abc'),
      ],
      [
        'signature as v0 (not v1)',
        body,
        signStripePayload({ secret: endpoint.secret, payload: body }).replace('v1=', 'v0='),
      ],
    ];
    const gotThrough: string[] = [];
    for (const [attempt, payload, signature] of attacks) {
      const status = await deliver(payload, signature);
      const refused = status === 400 || status === 401;
      recordRefusal('webhooks', `stripe: ${attempt}`, refused, `HTTP ${status}`);
      if (!refused) gotThrough.push(`${attempt}: HTTP ${status}`);
    }
    expect(gotThrough).toEqual([]);

    // Give a wrongly accepted delivery every chance to arrive, then check nothing did.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const leaked =
      mentions(external.id) > 0 || (await catalogCustomerOf(external.id)) !== undefined;
    recordRefusal(
      'webhooks',
      'stripe: refused deliveries reach neither the inbound topic nor the catalog',
      !leaked,
    );
    expect(leaked).toBe(false);

    // The control: the same event, genuinely signed, is applied.
    const genuine = signStripePayload({ secret: endpoint.secret, payload: body });
    expect(await deliver(body, genuine)).toBe(200);
    const applied = await eventually(
      async () => {
        const found = await catalogCustomerOf(external.id);
        expect(found?.name).toBe('Target');
        return found as CatalogCustomer;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(applied.version).toBeGreaterThan(0);
  });

  it('a replayed old event never brings back old data: Alpha renamed Beta, then Alpha replayed, keeps Beta', async () => {
    await world.control('webhooks', { enabled: false });
    let pair: { created: Stripe.Event; updated: Stripe.Event; externalId: string } | undefined;
    // Both events inside one second: Stripe's `created` (seconds) then cannot order them, so the
    // older change time cannot be what keeps Beta.
    for (let attempt = 0; attempt < 5 && !pair; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
      const customer = await tenant.stripe.customers.create({
        name: 'Alpha',
        email: `alpha-${attempt}-${tenant.tenantId}@example.com`,
      });
      await tenant.stripe.customers.update(customer.id, { name: 'Beta' });
      const events = (await tenant.stripe.events.list({ limit: 50 })).data.filter(
        (event) => (event.data.object as { id: string }).id === customer.id,
      );
      const created = events.find((event) => event.type === 'customer.created');
      const updated = events.find((event) => event.type === 'customer.updated');
      if (created && updated && created.created === updated.created) {
        pair = { created, updated, externalId: customer.id };
      }
    }
    if (!pair) throw new Error('could not create and rename a customer within one second');
    const { created, updated, externalId } = pair;
    expect((created.data.object as { name: string }).name).toBe('Alpha');
    const sign = (body: string) => signStripePayload({ secret: endpoint.secret, payload: body });
    const alpha = JSON.stringify(created);
    const beta = JSON.stringify(updated);

    // Delivered in order: the customer arrives, then its rename.
    expect(await deliver(alpha, sign(alpha))).toBe(200);
    await eventually(async () => expect(await catalogCustomerOf(externalId)).toBeDefined(), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect(await deliver(beta, sign(beta))).toBe(200);
    const renamed = await eventually(
      async () => {
        const found = await catalogCustomerOf(externalId);
        expect(found?.name).toBe('Beta');
        return found as CatalogCustomer;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // The old Alpha event, genuinely signed again: at once, and after the connector restarted.
    const replayStatus = await deliver(alpha, sign(alpha));
    await world.connectors[0].restart();
    await eventually(async () => expect(await deliver(alpha, sign(alpha))).toBeLessThan(300), {
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = await catalogCustomerOf(externalId);
    recordRefusal(
      'webhooks',
      'stripe: replay of an old genuine delivery after a rename (at once, and after a connector restart)',
      after?.name === 'Beta' && after.version === renamed.version,
      `HTTP ${replayStatus}; name ${renamed.name} -> ${after?.name}; version ${renamed.version} -> ${after?.version}`,
    );
    expect(replayStatus).toBeLessThan(300);
    expect(after).toEqual(renamed);
    await world.control('webhooks', { enabled: true });
  });
});
