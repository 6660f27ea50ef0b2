import { listenSimulator, RunningListener } from '@concord/simulators/core';
import Stripe from 'stripe';

import { uniqueKey } from '../../test/stripe-http-client';
import { stripeClient } from '../../test/stripe-sdk-client';
import { createStripeSimulator, STRIPE_DEMO_KEY, StripeSimulator } from './stripe-simulator';

describe('accounts: every API key is its own Stripe account', () => {
  let simulator: StripeSimulator;
  let listener: RunningListener;

  beforeAll(async () => {
    simulator = createStripeSimulator();
    listener = await listenSimulator(simulator.handler);
  });

  afterAll(async () => {
    await listener.close();
    simulator.close();
  });

  it('keeps data created with one key invisible to another', async () => {
    const a = stripeClient(uniqueKey('a'), listener.port);
    const b = stripeClient(uniqueKey('b'), listener.port);
    const customer = await a.customers.create({ email: 'shared@example.com', name: 'Only A' });
    const product = await a.products.create({ name: 'A product' });

    const lookup = await b.customers.retrieve(customer.id).catch((error: unknown) => error);
    expect(lookup).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(lookup).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(b.products.retrieve(product.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
    expect((await b.customers.list()).data).toEqual([]);
    expect((await b.customers.search({ query: 'email:"shared@example.com"' })).data).toEqual([]);
    expect((await b.events.list()).data).toEqual([]);
    await expect(b.customers.update(customer.id, { name: 'B was here' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );

    expect((await a.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      name: 'Only A',
    });
    expect((await a.customers.list()).data.map((c) => c.id)).toEqual([customer.id]);
  });

  it('serves the demo key out of the box, and wipes every account on reset', async () => {
    const demo = stripeClient(STRIPE_DEMO_KEY, listener.port);
    const customer = await demo.customers.create({ name: 'Demo' });
    expect((await demo.customers.list()).data.map((c) => c.id)).toContain(customer.id);
    simulator.control.resetData();
    expect((await demo.customers.list()).data).toEqual([]);
  });
});
