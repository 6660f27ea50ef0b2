import { randomBytes, randomUUID } from 'node:crypto';

import { KeyRing } from '@concord/auth';
import {
  connectionSecrets,
  connectRedisSecretsBackend,
  type ResolvedConnection,
  type SecretsBackend,
} from '@concord/connector-kit';
import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createXeroSimulator, type XeroSimulator } from '@concord/simulators/xero';
import { testRedisUrl } from '@concord/testing';

import { xeroConnection } from '../../test/xero-test-connection';
import { createXeroClient } from './xero-client.factory';

type Backend = SecretsBackend & { close(): Promise<void> };

describe('Xero refresh-token rotation, shared by two replicas through Redis', () => {
  let simulator: XeroSimulator;
  let listener: RunningListener;
  const backends: Backend[] = [];
  const keyRing = new KeyRing({ t1: randomBytes(32).toString('base64') }, 't1');
  const namespace = `concord:test-xero-tokens-${randomUUID()}`;

  const control = async (path: string, body: unknown) =>
    (await fetch(`${listener.url}/_control/${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    }).then((r) => r.json())) as Record<string, unknown>;
  const refreshes = async () => ((await control('tokens', {})) as { refreshes: number }).refreshes;

  beforeAll(async () => {
    simulator = createXeroSimulator({ seed: 17 });
    listener = await listenSimulator(simulator.handler);
    for (let i = 0; i < 2; i += 1) {
      backends.push(
        await connectRedisSecretsBackend({ redisUrl: testRedisUrl(), namespace, keyRing }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(backends.map((backend) => backend.close()));
    await listener.close();
    simulator.close();
  });

  /** The same connection as each replica resolves it: its own client, the shared store. */
  function replica(backend: Backend, base: ResolvedConnection, refreshToken: string) {
    const connection: ResolvedConnection = {
      ...base,
      credentials: { clientId: 'concord-demo', clientSecret: 'concord-demo-secret', refreshToken },
      secrets: connectionSecrets(backend, base),
    };
    return createXeroClient(connection);
  }

  it('refreshes once across replicas, stores the rotated token encrypted, and once more when the token expires mid-run', async () => {
    const refreshToken = `rt-${randomUUID()}`;
    await control('tokens', { grantRefreshToken: refreshToken, accessTokenSeconds: 1800 });
    const organisation = randomUUID();
    const base = xeroConnection(listener.url, organisation, { identityUrl: listener.url });
    const [one, two] = backends.map((backend) => replica(backend, base, refreshToken));
    if (!one || !two) throw new Error('two replicas expected');
    const before = await refreshes();
    const run = () =>
      Promise.all(
        [one, two, one, two, one, two].map((client) =>
          client.api.getContacts(client.tenantId).then((r) => r.response.status),
        ),
      );

    expect(await run()).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await refreshes()) - before).toBe(1);

    // The stored token set is encrypted: neither token appears in Redis as text.
    const sealed = await backends[0]?.values.get(
      `secret:${base.tenant}:xero:${base.connectionId}:xero-tokens`,
    );
    expect(sealed).toBeTruthy();
    expect(sealed).not.toContain('rt-');
    expect(sealed).not.toContain(refreshToken);

    // Xero's clock passes the access token's 30 minutes in the middle of the run.
    await control('clock', { advanceMs: 31 * 60 * 1000 });
    expect(await run()).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await refreshes()) - before).toBe(2);
    // The first refresh token was used once and rotated: it no longer works.
    const reused = await fetch(`${listener.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: 'concord-demo',
        client_secret: 'concord-demo-secret',
      }).toString(),
    });
    expect(reused.status).toBe(400);
  });
});
