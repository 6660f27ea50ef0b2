import { randomBytes, randomUUID } from 'node:crypto';

import { KeyRing } from '@concord/auth';
import {
  connectionSecrets,
  connectRedisSecretsBackend,
  type ResolvedConnection,
  type SecretsBackend,
} from '@concord/connector-kit';
import { AuthError, AuthErrorCode, consumerDecision } from '@concord/errors';
import type { OrgCredentials } from '@concord/simulators/salesforce';
import { testRedisUrl } from '@concord/testing';

import {
  API_VERSION,
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
} from '../../test/salesforce-test-context';
import { salesforceClientFactory } from './salesforce-client.factory';
import { SESSION_SECRET } from './salesforce-session';

type Backend = SecretsBackend & { close(): Promise<void> };

const MINUTE = 60_000;

describe('the Salesforce session shared by two replicas through Redis', () => {
  let salesforce: InProcessSalesforce;
  let org: OrgCredentials;
  const backends: Backend[] = [];
  const keyRing = new KeyRing({ k1: randomBytes(32).toString('base64') }, 'k1');
  const namespace = `concord:test-sf-session-${randomUUID()}`;

  beforeAll(async () => {
    salesforce = await startSalesforce();
    for (let i = 0; i < 2; i += 1) {
      backends.push(
        await connectRedisSecretsBackend({ redisUrl: testRedisUrl(), namespace, keyRing }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(backends.map((backend) => backend.close()));
    await salesforce.close();
  });
  beforeEach(() => {
    org = salesforce.simulator.createOrg({ settings: { sessionLifetimeMs: 30 * MINUTE } });
  });

  const tokensIssued = () => salesforce.simulator.calls().tokensByOrg[org.orgId] ?? 0;
  const restCalls = () => salesforce.simulator.calls().byOrg[org.orgId] ?? 0;

  /** The same connection as each replica resolves it: its own client, the shared secrets. */
  function replicas(
    base: ResolvedConnection,
    now?: () => number,
  ): ReturnType<ReturnType<typeof salesforceClientFactory>>[] {
    const factory = salesforceClientFactory({
      allowedHosts: [],
      allowedLoopback: [base.baseUrl.host],
      apiVersion: API_VERSION,
      ...(now ? { now } : {}),
    });
    return backends.map((backend) =>
      factory({ ...base, secrets: connectionSecrets(backend, base) }),
    );
  }

  const limitsFrom = (clients: ReturnType<typeof replicas>, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        clients[i % clients.length]?.request<Record<string, unknown>>({
          method: 'GET',
          path: '/limits',
        }),
      ),
    );

  it('asks for one token for parallel calls of both replicas, and one more when the session expires mid-run', async () => {
    const base = simulatorConnection(salesforce.url, org, {
      settings: { sessionTimeoutMinutes: 30 },
    });
    const clients = replicas(base);

    const first = await limitsFrom(clients, 12);
    expect(first.every((limits) => limits?.['DailyApiRequests'] !== undefined)).toBe(true);
    expect(tokensIssued()).toBe(1);

    // Stored encrypted: the access token never appears in Redis as text.
    const sealed = await backends[0]?.values.get(
      `secret:${base.tenant}:salesforce:${base.connectionId}:${SESSION_SECRET}`,
    );
    expect(sealed).toBeTruthy();
    expect(sealed).not.toContain(clients[0]?.connection.accessToken ?? 'no token');
    expect(sealed).not.toContain('instanceUrl');

    // Salesforce's clock passes the session's 30 minutes while the replicas still trust it.
    salesforce.simulator.control.clock.advance(31 * MINUTE);
    await limitsFrom(clients, 12);
    expect(tokensIssued()).toBe(2);
  });

  it('replaces the session ahead of the session timeout, before Salesforce refuses it', async () => {
    const clock = { now: Date.parse('2026-03-01T09:00:00Z') };
    const base = simulatorConnection(salesforce.url, org, {
      settings: { sessionTimeoutMinutes: 30 },
    });
    const clients = replicas(base, () => clock.now);
    await limitsFrom(clients, 4);
    expect(tokensIssued()).toBe(1);

    // Both clocks at 29 minutes: the session still works, but it is within the refresh margin.
    salesforce.simulator.control.clock.advance(29 * MINUTE);
    clock.now += 29 * MINUTE;
    const callsBefore = restCalls();
    await limitsFrom(clients, 6);
    expect(tokensIssued()).toBe(2);
    // No call was refused and repeated: six calls made, six counted.
    expect(restCalls() - callsBefore).toBe(6);
  });

  it('pauses the connection on a refused token request, saying why', async () => {
    const base = simulatorConnection(salesforce.url, {
      clientId: org.clientId,
      clientSecret: 'not-the-secret',
    });
    const [client] = replicas(base);
    const error = await client?.request({ method: 'GET', path: '/limits' }).catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(AuthErrorCode.TOKEN_REFRESH_FAILED);
    expect((error as AuthError).message).toBe(
      "Salesforce refused the token request (invalid_client: invalid client credentials): check the connected app's consumer key and secret and that it allows the client-credentials flow",
    );
    expect(consumerDecision(error)).toEqual({ action: 'pause-connection' });
    expect(restCalls()).toBe(0);
  });
});
