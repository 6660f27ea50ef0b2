import { ContractChecker } from '../../test/contract-checker';
import {
  httpCall,
  refreshTokenRequest,
  RunningXero,
  startXero,
  xeroClient,
} from '../../test/in-process-xero';
import { XERO_DEMO_CREDENTIALS } from './auth/xero-token-store';
import { DEMO_TENANT_ID } from './organisations/organisation-registry';

/** OAuth2 as Xero's identity server does it, with xero-node using the tokens it hands out. */
describe('Xero simulator OAuth2 and tenants', () => {
  let xero: RunningXero;
  let contract: ContractChecker;

  beforeAll(async () => {
    xero = await startXero({ seed: 7 });
    contract = new ContractChecker();
  });

  afterAll(async () => {
    await xero.close();
  });

  it('rotates the refresh token on every use; the access token lasts 30 minutes', async () => {
    const first = await refreshTokenRequest(xero.url, XERO_DEMO_CREDENTIALS.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(first.body.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    expect(first.body.refresh_token).not.toBe(XERO_DEMO_CREDENTIALS.refreshToken);

    const reused = await refreshTokenRequest(xero.url, XERO_DEMO_CREDENTIALS.refreshToken);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const client = xeroClient(xero.url, first.body.access_token);
    const listed = await contract.call(
      'GET',
      '/Contacts',
      client.accountingApi.getContacts(DEMO_TENANT_ID),
    );
    expect(listed.status).toBe(200);

    xero.simulator.control.clock.advance(30 * 60 * 1000);
    const expired = await contract.call(
      'GET',
      '/Contacts',
      client.accountingApi.getContacts(DEMO_TENANT_ID),
    );
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ Title: 'Unauthorized', Status: 401 });
    expect(expired.body.Detail).toMatch(/^TokenExpired: token expired at /);

    const second = await refreshTokenRequest(xero.url, first.body.refresh_token);
    expect(second.status).toBe(200);
    const renewed = xeroClient(xero.url, second.body.access_token);
    expect(
      (await contract.call('GET', '/Contacts', renewed.accountingApi.getContacts(DEMO_TENANT_ID)))
        .status,
    ).toBe(200);
  });

  it('takes the client in the form too, and refuses a wrong secret or grant', async () => {
    const grant = `granted-${Date.now()}`;
    await httpCall(`${xero.url}/_control/tokens`, {
      method: 'POST',
      body: JSON.stringify({ grantRefreshToken: grant }),
    });
    const form = await httpCall(`${xero.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: grant,
        client_id: 'concord-demo',
        client_secret: 'concord-demo-secret',
      }).toString(),
    });
    expect(form.status).toBe(200);
    const wrongSecret = await refreshTokenRequest(xero.url, form.body.refresh_token, {
      id: 'concord-demo',
      secret: 'nope',
    });
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    const wrongGrant = await httpCall(`${xero.url}/connect/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('concord-demo:concord-demo-secret').toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(wrongGrant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('answers 401 to an unknown token and 403 without a tenant', async () => {
    const unknown = xeroClient(xero.url, 'not-a-token');
    const refused = await contract.call(
      'GET',
      '/Contacts',
      unknown.accountingApi.getContacts(DEMO_TENANT_ID),
    );
    expect(refused).toMatchObject({ status: 401, body: { Detail: 'AuthenticationUnsuccessful' } });
    const noTenant = await httpCall(`${xero.url}/api.xro/2.0/Contacts`, {
      headers: { authorization: 'Bearer concord-demo-token' },
    });
    expect(noTenant).toMatchObject({
      status: 403,
      body: { Title: 'Forbidden', Detail: 'AuthorizationUnsuccessful' },
    });
  });

  it('lists the connected organisations, new tenants included', async () => {
    const tenantId = '3b1d5e7f-0000-4000-8000-000000000042';
    await httpCall(`${xero.url}/_control/organisations`, {
      method: 'POST',
      body: JSON.stringify({ tenantId, name: 'Second Org Ltd' }),
    });
    const connections = await httpCall(`${xero.url}/connections`, {
      headers: { authorization: 'Bearer concord-demo-token' },
    });
    expect(connections.status).toBe(200);
    expect(connections.body).toEqual([
      expect.objectContaining({
        tenantId: DEMO_TENANT_ID,
        tenantType: 'ORGANISATION',
        tenantName: 'Concord Demo Company (Global)',
      }),
      expect.objectContaining({
        tenantId,
        tenantType: 'ORGANISATION',
        tenantName: 'Second Org Ltd',
      }),
    ]);
    const anonymous = await httpCall(`${xero.url}/connections`);
    expect(anonymous.status).toBe(401);
  });

  it('expires every issued access token on request, for rehearsing a refresh mid-run', async () => {
    const tokens = await refreshTokenRequest(xero.url, (await grantAndRefresh()).refresh_token);
    const client = xeroClient(xero.url, tokens.body.access_token);
    await httpCall(`${xero.url}/_control/tokens`, {
      method: 'POST',
      body: JSON.stringify({ expireAccessTokens: true, accessTokenSeconds: 60 }),
    });
    expect(
      (await contract.call('GET', '/Items', client.accountingApi.getItems(DEMO_TENANT_ID))).status,
    ).toBe(401);
    const demo = xeroClient(xero.url);
    expect(
      (await contract.call('GET', '/Items', demo.accountingApi.getItems(DEMO_TENANT_ID))).status,
    ).toBe(200);
    const short = await refreshTokenRequest(xero.url, tokens.body.refresh_token);
    expect(short.body.expires_in).toBe(60);
  });

  async function grantAndRefresh(): Promise<{ refresh_token: string }> {
    const grant = `again-${Date.now()}`;
    await httpCall(`${xero.url}/_control/tokens`, {
      method: 'POST',
      body: JSON.stringify({ grantRefreshToken: grant }),
    });
    return { refresh_token: grant };
  }
});
