import { inProcessClient } from '../../test/in-process-stripe';
import { createStripeSimulator, StripeSimulator } from './stripe-simulator';

describe('Stripe API pipeline', () => {
  let simulator: StripeSimulator;
  let call: ReturnType<typeof inProcessClient>;

  beforeEach(() => {
    simulator = createStripeSimulator({ seed: 42 });
    call = inProcessClient(simulator);
  });

  afterEach(() => simulator.close());

  it('answers with Request-Id and the pinned Stripe-Version', async () => {
    const response = await call('GET', '/v1/customers');
    expect(response.headers['request-id']).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(response.headers['stripe-version']).toBe('2023-08-16');
  });

  it('accepts Basic auth with the key as user name', async () => {
    const response = await simulator.dispatch({
      method: 'GET',
      path: '/v1/customers',
      query: '',
      headers: { authorization: `Basic ${Buffer.from('sk_test_basic:').toString('base64')}` },
      body: Buffer.alloc(0),
    });
    expect(response.status).toBe(200);
  });

  it('refuses a missing key and never echoes a key in full', async () => {
    const missing = await simulator.dispatch({
      method: 'GET',
      path: '/v1/customers',
      query: '',
      headers: {},
      body: Buffer.alloc(0),
    });
    expect(missing.status).toBe(401);
    const revoked = inProcessClient(simulator, 'sk_test_revoked_secret_value');
    simulator.revokeKey('sk_test_revoked_secret_value');
    const response = await revoked('GET', '/v1/customers');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('api_key_expired');
    expect(JSON.stringify(response.body)).not.toContain('revoked_secret');
    simulator.restoreKey('sk_test_revoked_secret_value');
    expect((await revoked('GET', '/v1/customers')).status).toBe(200);
  });

  it("answers unknown URLs with Stripe's 404", async () => {
    const response = await call('GET', '/v1/charges');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('Unrecognized request URL (GET: /v1/charges)');
  });

  it('expands ids into objects, in lists too, and refuses unknown expansions', async () => {
    const customer = (await call('POST', '/v1/customers', { name: 'Exp' })).body;
    const item = (
      await call('POST', '/v1/invoiceitems', {
        customer: customer.id,
        amount: 5,
        currency: 'usd',
        expand: ['customer'],
      })
    ).body;
    expect(item.customer).toMatchObject({ id: customer.id, object: 'customer' });
    const list = (await call('GET', '/v1/invoiceitems', { expand: ['data.customer'] })).body;
    expect(list.data[0].customer.id).toBe(customer.id);
    const bad = await call('GET', `/v1/customers/${customer.id}`, { expand: ['email'] });
    expect(bad.body.error).toMatchObject({
      param: 'expand',
      message: 'This property cannot be expanded (email).',
    });
  });

  it('generates the same ids for the same seed and requests', async () => {
    const run = async (): Promise<string[]> => {
      const seeded = createStripeSimulator({ seed: 99 });
      try {
        const seededCall = inProcessClient(seeded);
        const customer = (await seededCall('POST', '/v1/customers', {})).body.id;
        const product = (await seededCall('POST', '/v1/products', { name: 'p' })).body.id;
        const events = (await seededCall('GET', '/v1/events')).body.data.map(
          (e: { id: string }) => e.id,
        );
        return [customer, product, ...events];
      } finally {
        seeded.close();
      }
    };
    const first = await run();
    expect(first[0]).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(first[2]).toMatch(/^evt_1[A-Za-z0-9]{23}$/);
    expect(await run()).toEqual(first);
  });

  it('decides injected faults identically for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const seeded = createStripeSimulator({ seed: 5 });
      seeded.control.faults.setRules([{ path: '/v1/**', errorRate: 0.5, status: 503 }]);
      try {
        const seededCall = inProcessClient(seeded);
        const statuses: number[] = [];
        for (let i = 0; i < 20; i += 1)
          statuses.push((await seededCall('GET', '/v1/customers')).status);
        return statuses;
      } finally {
        seeded.close();
      }
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('enforces the per-account rate limit when switched on', async () => {
    simulator.control.rateLimiter.configure({ enabled: true, perSecond: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call('GET', '/v1/customers')).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses).toContain(429);
    expect((await inProcessClient(simulator, 'sk_test_other')('GET', '/v1/customers')).status).toBe(
      200,
    );
  });

  it('serves the control API for revocation', async () => {
    const response = await simulator.dispatch({
      method: 'POST',
      path: '/_control/accounts/revoke',
      query: '',
      headers: {},
      body: Buffer.from(JSON.stringify({ key: 'sk_test_unit' })),
    });
    expect(response.status).toBe(200);
    expect((await call('GET', '/v1/customers')).status).toBe(401);
    const state = await simulator.dispatch({
      method: 'GET',
      path: '/_control/state',
      query: '',
      headers: {},
      body: Buffer.alloc(0),
    });
    expect(state.body).toMatchObject({ accounts: { revokedKeys: 1 } });
  });

  it('counts the requests an account was sent, by route, for the control API', async () => {
    await call('POST', '/v1/customers', { name: 'A' });
    await call('POST', '/v1/customers', { name: 'B' });
    await call('GET', '/v1/customers', { limit: 100 });
    await call('GET', '/v1/charges');
    await inProcessClient(simulator, 'sk_test_other')('GET', '/v1/customers');
    const response = await simulator.dispatch({
      method: 'POST',
      path: '/_control/accounts/requests',
      query: '',
      headers: {},
      body: Buffer.from(JSON.stringify({ key: 'sk_test_unit' })),
    });
    expect(response.body).toEqual({
      total: 4,
      byRoute: {
        'POST /v1/customers': 2,
        'GET /v1/customers': 1,
        'GET (unrecognized)': 1,
      },
    });
  });
});
