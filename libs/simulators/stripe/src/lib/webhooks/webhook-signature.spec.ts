import { SimulationClock, WebhookRequest } from '@concord/simulators/core';
import Stripe from 'stripe';

import { inProcessClient } from '../../../test/in-process-stripe';
import { createStripeSimulator } from '../stripe-simulator';
import { stripeSignatureHeader } from './webhook-signature';

const sdk = new Stripe('sk_test_unused');

describe('stripeSignatureHeader', () => {
  it('produces what the official SDK verifies', () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created' });
    const now = Math.floor(Date.now() / 1000);
    const header = stripeSignatureHeader(body, 'whsec_test', now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(sdk.webhooks.constructEvent(body, header, 'whsec_test').id).toBe('evt_1');
    expect(header).toBe(
      sdk.webhooks.generateTestHeaderString({
        payload: body,
        secret: 'whsec_test',
        timestamp: now,
      }),
    );
  });
});

describe('webhook delivery of events', () => {
  it('sends each subscribed event to enabled endpoints, signed with the attempt time', async () => {
    const now = Date.now();
    const sent: WebhookRequest[] = [];
    const simulator = createStripeSimulator({
      clock: new SimulationClock(() => now),
      webhookTransport: async (request) => {
        sent.push(request);
        return { status: 200 };
      },
    });
    try {
      const call = inProcessClient(simulator);
      const all = (
        await call('POST', '/v1/webhook_endpoints', {
          url: 'http://a.test/hook',
          enabled_events: ['*'],
        })
      ).body;
      await call('POST', '/v1/webhook_endpoints', {
        url: 'http://b.test/hook',
        enabled_events: ['product.created'],
      });
      const off = (
        await call('POST', '/v1/webhook_endpoints', {
          url: 'http://c.test/hook',
          enabled_events: ['*'],
        })
      ).body;
      await call('POST', `/v1/webhook_endpoints/${off.id}`, { disabled: true });
      const customer = (await call('POST', '/v1/customers', { name: 'Hooked' })).body;
      await simulator.control.webhooks.whenIdle();

      expect(sent.map((request) => request.url)).toEqual(['http://a.test/hook']);
      const [delivery] = sent;
      expect(delivery.headers['content-type']).toBe('application/json; charset=utf-8');
      const event = sdk.webhooks.constructEvent(
        delivery.body,
        delivery.headers['stripe-signature'],
        all.secret,
      );
      expect(event).toMatchObject({
        type: 'customer.created',
        data: { object: { id: customer.id } },
      });
      expect(delivery.headers['stripe-signature']).toContain(`t=${Math.floor(now / 1000)},`);
      expect((await call('GET', `/v1/events/${event.id}`)).body.pending_webhooks).toBe(0);
    } finally {
      simulator.close();
    }
  });

  it('records events but delivers nothing while webhooks are switched off', async () => {
    const sent: WebhookRequest[] = [];
    const simulator = createStripeSimulator({
      webhooks: { enabled: false },
      webhookTransport: async (request) => {
        sent.push(request);
        return { status: 200 };
      },
    });
    try {
      const call = inProcessClient(simulator);
      await call('POST', '/v1/webhook_endpoints', {
        url: 'http://a.test/hook',
        enabled_events: ['*'],
      });
      await call('POST', '/v1/customers', { name: 'Lost' });
      await simulator.control.webhooks.whenIdle();
      expect(sent).toEqual([]);
      expect(simulator.control.webhooks.stats().suppressed).toBe(1);
      const [event] = (await call('GET', '/v1/events')).body.data;
      expect(event).toMatchObject({ type: 'customer.created', pending_webhooks: 1 });
    } finally {
      simulator.close();
    }
  });
});
