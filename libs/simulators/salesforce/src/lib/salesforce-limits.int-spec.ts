import { Connection } from 'jsforce';

import {
  API_VERSION,
  apiError,
  RunningSalesforce,
  startSalesforce,
} from '../../test/in-process-salesforce';
import { DAY_MS } from './ids/salesforce-datetime';
import { CallView } from './limits/call-counter';

/** The daily API allocation, Sforce-Limit-Info, /limits and the control API. */
describe('Salesforce simulator limits and control API', () => {
  let sf: RunningSalesforce;

  beforeAll(async () => {
    sf = await startSalesforce({ seed: 5 });
  });

  afterAll(() => sf.close());

  it('reports usage in Sforce-Limit-Info and /limits, and ends the day in REQUEST_LIMIT_EXCEEDED', async () => {
    const org = sf.newOrg({ settings: { dailyApiLimit: 5 } });
    const conn = await sf.authorized(org);
    await conn.sobject('Account').create({ Name: 'One' });
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 5 } });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 5, Remaining: 3 });
    await conn.query('SELECT Id FROM Account');
    await conn.query('SELECT Id FROM Account');
    await conn.query('SELECT Id FROM Account');
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 5, limit: 5 } });
    const refused = await apiError(conn.query('SELECT Id FROM Account'));
    expect(refused).toMatchObject({
      name: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    const raw = await fetch(`${sf.url}/services/data/v62.0/limits`, {
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('sforce-limit-info')).toBe('api-usage=5/5');

    // The window rolls on the simulation clock: a day later the calls have aged out.
    sf.simulator.control.clock.advance(DAY_MS);
    const fresh = await sf.authorized(org);
    expect((await fresh.query('SELECT Id FROM Account')).totalSize).toBe(1);
    expect(fresh.limitInfo).toEqual({ apiUsage: { used: 1, limit: 5 } });
  });

  it('changes allocation, token lifetime and CDC per org through the control API', async () => {
    const org = sf.newOrg();
    const settings = await sf.control<{ settings: Record<string, unknown> }>(
      'POST',
      '/orgs/settings',
      {
        orgId: org.orgId,
        dailyApiLimit: 1,
        sessionLifetimeMs: 30_000,
        cdcEnabled: false,
      },
    );
    expect(settings.settings).toEqual({
      dailyApiLimit: 1,
      sessionLifetimeMs: 30_000,
      cdcEnabled: false,
      eventRetentionMs: 72 * 60 * 60 * 1000,
    });
    const authorized = await sf.authorized(org);
    // Without OAuth settings jsforce does not try to refresh, so the 401 reaches the test.
    const conn = new Connection({
      version: API_VERSION,
      instanceUrl: sf.url,
      accessToken: authorized.accessToken ?? '',
    });
    await conn.query('SELECT Id FROM Account');
    expect(await apiError(conn.query('SELECT Id FROM Account'))).toMatchObject({
      name: 'REQUEST_LIMIT_EXCEEDED',
    });
    expect(sf.simulator.configureOrg(org.orgId, { dailyApiLimit: 100 })).toMatchObject({
      dailyApiLimit: 100,
    });
    await conn.query('SELECT Id FROM Account');
    expect(await sf.control('POST', '/sessions/expire', { orgId: org.orgId })).toEqual({
      expired: 1,
    });
    expect(await apiError(conn.query('SELECT Id FROM Account'))).toMatchObject({
      name: 'INVALID_SESSION_ID',
    });
    const bad = await fetch(`${sf.url}/_control/orgs/settings`, {
      method: 'POST',
      body: JSON.stringify({ dailyApiLimit: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('counts REST calls per org and resource, token calls excluded', async () => {
    const created = await sf.control<{ clientId: string; clientSecret: string; orgId: string }>(
      'POST',
      '/orgs',
      {
        name: 'Counted',
      },
    );
    const conn = await sf.authorized({ ...sf.simulator.demo, ...created });
    await sf.control('POST', '/calls/reset');
    await conn.sobject('Account').create({ Name: 'x' });
    await conn.request({
      method: 'PATCH',
      url: '/composite/sobjects/Account/Concord_Id__c',
      body: JSON.stringify({
        allOrNone: false,
        records: [{ attributes: { type: 'Account' }, Concord_Id__c: 'a', Name: 'a' }],
      }),
      headers: { 'content-type': 'application/json' },
    });
    await conn.authorize({ grant_type: 'client_credentials' });
    const calls = await sf.control<CallView>('GET', '/calls');
    expect(calls).toEqual({
      total: 2,
      byOrg: { [created.orgId]: 2 },
      byResource: { 'POST /sobjects/:type': 1, 'PATCH /composite/sobjects/:type/:field': 1 },
      tokensByOrg: { [created.orgId]: 1 },
    });
    const state = await sf.control<{ salesforce: { calls: CallView } }>('GET', '/state');
    expect(state.salesforce.calls.total).toBe(2);
    expect(sf.simulator.calls()).toEqual(calls);
  });

  it('throttles per org when the shared rate limit is switched on, outside the daily allocation', async () => {
    const conn = await sf.authorized(sf.newOrg());
    await sf.control('POST', '/rate-limit', { enabled: true, perSecond: 2 });
    try {
      await conn.sobject('Account').create({ Name: 'a' });
      await conn.sobject('Account').create({ Name: 'b' });
      const throttled = await apiError(conn.sobject('Account').create({ Name: 'c' }));
      expect(throttled).toMatchObject({
        name: 'REQUEST_LIMIT_EXCEEDED',
        message: 'ConcurrentPerOrgLongTxn Limit exceeded.',
      });
      expect(conn.limitInfo).toEqual({ apiUsage: { used: 2, limit: 15_000 } });
      sf.simulator.control.clock.advance(1_000);
      expect((await conn.sobject('Account').create({ Name: 'c' })).success).toBe(true);
    } finally {
      await sf.control('POST', '/rate-limit', { enabled: false });
    }
  });

  it('injects faults in Salesforce error shape through the shared control API', async () => {
    const conn = await sf.authorized(sf.newOrg());
    await sf.control('POST', '/faults', {
      rules: [{ path: '/services/data/**', status: 503, count: 1 }],
    });
    expect(await apiError(conn.sobject('Account').create({ Name: 'x' }))).toMatchObject({
      name: 'SERVER_UNAVAILABLE',
    });
    expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(0);
    await sf.control('POST', '/faults', {
      rules: [{ method: 'GET', path: '/services/data/**', status: 500, count: 1 }],
    });
    // jsforce retries a GET that failed with 500 by itself; the retry gets through.
    expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(0);
    const state = await sf.control<{ faults: unknown[] }>('GET', '/state');
    expect(state.faults).toEqual([]);
  });

  it('wipes records but keeps orgs and apps on reset, re-seeding the standard price book', async () => {
    const org = sf.newOrg();
    const conn = await sf.authorized(org);
    await conn.sobject('Account').create({ Name: 'Wiped' });
    expect(await sf.control('POST', '/reset')).toEqual({ reset: true });
    const after = await sf.authorized(org);
    expect((await after.query('SELECT Id FROM Account')).totalSize).toBe(0);
    expect((await after.query('SELECT Id FROM Pricebook2 WHERE IsStandard = true')).totalSize).toBe(
      1,
    );
  });
});
