import { ForbiddenError, RateLimitedError } from '@concord/errors';
import type { OrgCredentials } from '@concord/simulators/salesforce';

import {
  callContext,
  clientFor,
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
} from '../../test/salesforce-test-context';

describe('the Salesforce client against the simulator (jsforce, client credentials)', () => {
  let salesforce: InProcessSalesforce;
  let org: OrgCredentials;

  beforeAll(async () => {
    salesforce = await startSalesforce();
  });
  afterAll(() => salesforce.close());
  beforeEach(() => {
    org = salesforce.simulator.createOrg();
    salesforce.headers.length = 0;
  });

  it('authorizes with the connected app, names itself in Sforce-Call-Options and reads Sforce-Limit-Info', async () => {
    const client = clientFor(simulatorConnection(salesforce.url, org));
    await client.request({ method: 'GET', path: '/limits' });
    await client.request({
      method: 'GET',
      path: `/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
    });
    const rest = salesforce.headers.filter((h) => typeof h.authorization === 'string');
    expect(rest).toHaveLength(2);
    for (const headers of rest)
      expect(headers['sforce-call-options']).toBe('client=concord-connector');
    expect(client.tokenRequests).toBe(1);
    expect(client.apiUsage).toEqual({ used: 2, max: 15_000 });
  });

  it('refuses an instance_url off the allow-list before sending it anything', async () => {
    const client = clientFor(simulatorConnection(salesforce.url, org), ['127.0.0.1:1']);
    await expect(client.request({ method: 'GET', path: '/limits' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(salesforce.headers.filter((h) => typeof h.authorization === 'string')).toHaveLength(0);
  });

  it('refreshes an expired session once, for every caller waiting on it', async () => {
    const client = clientFor(simulatorConnection(salesforce.url, org));
    await client.request({ method: 'GET', path: '/limits' });
    await salesforce.control('sessions/expire', { orgId: org.orgId });
    await Promise.all(
      Array.from({ length: 5 }, () => client.request({ method: 'GET', path: '/limits' })),
    );
    expect(client.tokenRequests).toBe(2);
  });

  it('classifies the end of the daily allocation as rate-limited', async () => {
    salesforce.simulator.configureOrg(org.orgId, { dailyApiLimit: 2 });
    const connection = simulatorConnection(salesforce.url, org);
    const ctx = callContext(connection);
    await ctx.call('limits', () => ctx.client.request({ method: 'GET', path: '/limits' }));
    await ctx.call('limits', () => ctx.client.request({ method: 'GET', path: '/limits' }));
    const refused = await ctx
      .call('limits', () => ctx.client.request({ method: 'GET', path: '/limits' }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).details['salesforceCode']).toBe('REQUEST_LIMIT_EXCEEDED');
  });
});
