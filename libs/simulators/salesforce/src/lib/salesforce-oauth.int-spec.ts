import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

import { Connection } from 'jsforce';

import { apiError, RunningSalesforce, startSalesforce } from '../../test/in-process-salesforce';
import { SALESFORCE_DEMO_APP } from './salesforce-simulator';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function jwt(header: object, claims: object, signer: (data: Buffer) => Buffer): string {
  const encode = (value: object): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${encode(header)}.${encode(claims)}`;
  return `${signed}.${signer(Buffer.from(signed)).toString('base64url')}`;
}

/** jsforce's OAuth2 flows against the simulator's token endpoint. */
describe('Salesforce simulator OAuth2 through jsforce', () => {
  let sf: RunningSalesforce;

  beforeAll(async () => {
    sf = await startSalesforce({ seed: 7 });
  });

  afterAll(() => sf.close());

  it('accepts the demo connected app out of the box (client credentials)', async () => {
    expect(sf.simulator.demo).toMatchObject({
      clientId: SALESFORCE_DEMO_APP.clientId,
      clientSecret: SALESFORCE_DEMO_APP.clientSecret,
    });
    const conn = sf.connection(sf.simulator.demo);
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    expect(userInfo.organizationId).toBe(sf.simulator.demo.orgId);
    expect(userInfo.id).toBe(sf.simulator.demo.userId);
    expect(userInfo.organizationId).toMatch(/^00D[0-9A-Za-z]{15}$/);
    expect(userInfo.url).toBe(`${sf.url}/id/${userInfo.organizationId}/${userInfo.id}`);
    expect(conn.instanceUrl).toBe(sf.url);
    expect(conn.accessToken).toMatch(/^00D[0-9A-Za-z]{12}!/);
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      user_id: userInfo.id,
      organization_id: userInfo.organizationId,
    });
  });

  it('answers the token response fields Salesforce sends', async () => {
    const org = sf.newOrg();
    const response = await fetch(`${sf.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: org.clientId,
        client_secret: org.clientSecret,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({
      access_token: expect.any(String),
      signature: expect.any(String),
      scope: expect.any(String),
      instance_url: sf.url,
      id: `${sf.url}/id/${org.orgId}/${org.userId}`,
      token_type: 'Bearer',
      issued_at: expect.stringMatching(/^\d{13}$/),
    });
  });

  it('refreshes with a refresh token (grant and jsforce auto-refresh on 401)', async () => {
    const org = sf.newOrg({ settings: { sessionLifetimeMs: 60_000 } });
    const conn = sf.connection(org);
    const refreshed = await conn.oauth2.refreshToken(org.refreshToken);
    expect(refreshed).toMatchObject({ instance_url: sf.url, token_type: 'Bearer' });

    const auto = sf.connection(org, {
      instanceUrl: sf.url,
      accessToken: refreshed.access_token,
      refreshToken: org.refreshToken,
    });
    let refreshes = 0;
    auto.on('refresh', () => (refreshes += 1));
    await auto.query('SELECT Id FROM Account');
    sf.simulator.control.clock.advance(61_000);
    const result = await auto.query('SELECT Id FROM Account');
    expect(result.totalSize).toBe(0);
    expect(refreshes).toBe(1);
    expect(auto.accessToken).not.toBe(refreshed.access_token);
  });

  it('answers an expired token with 401 INVALID_SESSION_ID', async () => {
    const org = sf.newOrg({ settings: { sessionLifetimeMs: 1_000 } });
    const conn = new Connection({
      version: '62.0',
      instanceUrl: sf.url,
      accessToken: (await sf.authorized(org)).accessToken ?? '',
    });
    sf.simulator.control.clock.advance(1_001);
    const error = await apiError(conn.sobject('Account').create({ Name: 'Late' }));
    expect(error.name).toBe('INVALID_SESSION_ID');
    expect(error.message).toBe('Session expired or invalid');
    const raw = await fetch(`${sf.url}/services/data/v62.0/limits`, {
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
  });

  it('accepts JWT-bearer assertions: HS256 with the secret, RS256 with the app certificate', async () => {
    const exp = Math.floor(sf.simulator.control.clock.now() / 1000) + 180;
    const demo = sf.simulator.demo;
    const hs = jwt(
      { alg: 'HS256' },
      { iss: demo.clientId, sub: demo.username, aud: sf.url, exp },
      (data) => createHmac('sha256', demo.clientSecret).update(data).digest(),
    );
    const conn = sf.connection(demo);
    const info = await conn.authorize({ grant_type: JWT_BEARER, assertion: hs });
    expect(info.organizationId).toBe(demo.orgId);

    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const org = sf.newOrg({
      jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const rs = jwt(
      { alg: 'RS256' },
      { iss: org.clientId, sub: org.username, aud: sf.url, exp },
      (data) => sign('RSA-SHA256', data, privateKey),
    );
    const rsConn = sf.connection(org);
    expect((await rsConn.authorize({ grant_type: JWT_BEARER, assertion: rs })).organizationId).toBe(
      org.orgId,
    );
    const forged = jwt(
      { alg: 'HS256' },
      { iss: org.clientId, sub: org.username, aud: sf.url, exp },
      (data) => createHmac('sha256', org.clientSecret).update(data).digest(),
    );
    const refused = await apiError(rsConn.authorize({ grant_type: JWT_BEARER, assertion: forged }));
    expect(refused).toMatchObject({
      name: 'invalid_grant',
      message: 'invalid assertion: bad signature',
    });
    const expired = jwt(
      { alg: 'RS256' },
      { iss: org.clientId, sub: org.username, aud: sf.url, exp: 1 },
      (data) => sign('RSA-SHA256', data, privateKey),
    );
    expect(
      await apiError(rsConn.authorize({ grant_type: JWT_BEARER, assertion: expired })),
    ).toMatchObject({
      name: 'invalid_grant',
    });
  });

  it('refuses bad clients, secrets, refresh tokens and grant types in the OAuth error shape', async () => {
    const org = sf.newOrg();
    const badSecret = sf.connection({ ...org, clientSecret: 'wrong' });
    expect(await apiError(badSecret.authorize({ grant_type: 'client_credentials' }))).toMatchObject(
      {
        name: 'invalid_client',
        message: 'invalid client credentials',
      },
    );
    const unknown = sf.connection({ ...org, clientId: 'nobody' });
    expect(await apiError(unknown.authorize({ grant_type: 'client_credentials' }))).toMatchObject({
      name: 'invalid_client_id',
    });
    const conn = sf.connection(org);
    expect(await apiError(conn.oauth2.refreshToken('not-a-token'))).toMatchObject({
      name: 'invalid_grant',
      message: 'expired access/refresh token',
    });
    expect(await apiError(conn.authorize({ grant_type: 'password' }))).toMatchObject({
      name: 'unsupported_grant_type',
    });
  });
});
