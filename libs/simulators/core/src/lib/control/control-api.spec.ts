import { SimulationClock } from '../clock/simulation-clock';
import { SimulatorRequest, SimulatorResponse } from '../http/simulator-http';
import { dispatchSimulatorRequest, SimulatorApi } from '../http/simulator-request-handler';
import { SeededRandom } from '../random/seeded-random';
import { SimulatorControlPlane } from './simulator-control-plane';

describe('control API', () => {
  let plane: SimulatorControlPlane;
  let handled: string[];
  let wiped: number;

  const api: SimulatorApi = {
    handle: async (request) => {
      handled.push(request.path);
      return { status: 200, body: { ok: true } };
    },
    renderFault: (fault) => ({ status: fault.status, body: { fault: fault.kind } }),
  };

  const call = (method: string, path: string, body?: unknown): Promise<SimulatorResponse> => {
    const request: SimulatorRequest = {
      method,
      path,
      query: '',
      headers: {},
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
    };
    return dispatchSimulatorRequest(plane, api, request);
  };

  beforeEach(() => {
    plane = new SimulatorControlPlane({
      clock: new SimulationClock(() => 1_000_000),
      random: new SeededRandom(11),
    });
    handled = [];
    wiped = 0;
    plane.onReset(() => (wiped += 1));
  });

  afterEach(() => plane.close());

  it('reports the whole state', async () => {
    const response = await call('GET', '/_control/state');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      clock: { nowMs: 1_000_000, offsetMs: 0 },
      seed: 11,
      faults: [],
      storm: { active: false },
      rateLimit: { enabled: false, perSecond: 25 },
      webhooks: { settings: { enabled: true, maxAttempts: 5 }, stats: { total: 0 } },
      searchLagMs: 0,
    });
  });

  it('moves the clock by advance, set (epoch or ISO) and reset', async () => {
    expect((await call('POST', '/_control/clock', { advanceMs: 500 })).body).toMatchObject({
      nowMs: 1_000_500,
    });
    expect((await call('POST', '/_control/clock', { set: 5_000 })).body).toMatchObject({
      nowMs: 5_000,
    });
    expect(
      (await call('POST', '/_control/clock', { set: '2023-08-16T00:00:00Z' })).body,
    ).toMatchObject({ nowMs: Date.parse('2023-08-16T00:00:00Z') });
    expect((await call('POST', '/_control/clock', { reset: true })).body).toMatchObject({
      offsetMs: 0,
    });
  });

  it('injects faults before the simulator handles the request, and removes them', async () => {
    await call('POST', '/_control/faults', { rules: [{ path: '/v1/*', status: 503, count: 1 }] });
    expect(await call('GET', '/v1/customers')).toEqual({ status: 503, body: { fault: 'fault' } });
    expect((await call('GET', '/v1/customers')).status).toBe(200);
    await call('POST', '/_control/faults', { rules: [{ path: '**' }] });
    await call('DELETE', '/_control/faults');
    expect((await call('GET', '/v1/customers')).status).toBe(200);
    expect(handled).toEqual(['/v1/customers', '/v1/customers']);
  });

  it('starts a 429 storm', async () => {
    const storm = await call('POST', '/_control/storm', {
      durationMs: 1_000,
      retryAfterSeconds: 2,
    });
    expect(storm.body).toEqual({ active: true, until: 1_001_000, retryAfterSeconds: 2 });
    expect((await call('GET', '/v1/x')).body).toEqual({ fault: 'storm' });
  });

  it('configures seed, rate limit, webhooks and search lag', async () => {
    await call('POST', '/_control/seed', { seed: 99 });
    await call('POST', '/_control/rate-limit', { enabled: true, perSecond: 5 });
    await call('POST', '/_control/webhooks', { duplicateRate: 0.5, reorder: true, maxAttempts: 3 });
    await call('POST', '/_control/search-lag', { ms: 60_000 });
    expect((await call('GET', '/_control/state')).body).toMatchObject({
      seed: 99,
      rateLimit: { enabled: true, perSecond: 5 },
      webhooks: { settings: { duplicateRate: 0.5, reorder: true, maxAttempts: 3 } },
      searchLagMs: 60_000,
    });
    expect((await call('GET', '/_control/webhooks/deliveries')).body).toEqual({
      data: [],
      stats: expect.objectContaining({ total: 0 }),
    });
  });

  it('wipes data through the simulator reset handlers', async () => {
    expect((await call('POST', '/_control/reset')).body).toEqual({ reset: true });
    expect(wiped).toBe(1);
  });

  it('serves simulator-specific routes and state sections', async () => {
    plane.addRoute({ method: 'POST', path: '/accounts/revoke', handle: () => ({ revoked: true }) });
    plane.addState('accounts', () => ({ count: 2 }));
    expect((await call('POST', '/_control/accounts/revoke', {})).body).toEqual({ revoked: true });
    expect((await call('GET', '/_control/state')).body).toMatchObject({ accounts: { count: 2 } });
  });

  it.each([
    ['POST', '/_control/clock', {}, 400],
    ['POST', '/_control/seed', { seed: 'x' }, 400],
    ['POST', '/_control/faults', { rules: 'x' }, 400],
    ['POST', '/_control/rate-limit', { enabled: true, perSecond: 0 }, 400],
    ['POST', '/_control/webhooks', { bogus: 1 }, 400],
    ['POST', '/_control/search-lag', { ms: -1 }, 400],
    ['GET', '/_control/nothing', undefined, 404],
  ])('%s %s %j -> %i with the error taxonomy shape', async (method, path, body, status) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('rejects a body that is not JSON', async () => {
    const response = await dispatchSimulatorRequest(plane, api, {
      method: 'POST',
      path: '/_control/seed',
      query: '',
      headers: {},
      body: Buffer.from('{nope'),
    });
    expect(response.status).toBe(400);
  });
});
