import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { encryptSecret, KeyRing } from '@concord/auth';
import { ConnectionsTopic, withTopicPrefix } from '@concord/model';
import {
  aConnectionSettings,
  eventually,
  type HostileUrl,
  hostileUrls,
  OFF_LIST_URLS,
  publishMessages,
  recordRefusal,
  testKafkaBrokers,
} from '@concord/testing';

import { type E2eTenant, StripeE2eWorld } from '../e2e/stripe-e2e-world';

interface StatusView {
  state: string;
  reason: string | null;
}

interface ErrorBody {
  error?: { message?: string; details?: { fields?: Array<{ field: string }> } };
}

const world = new StripeE2eWorld();
let target: Server;
let hits = 0;

beforeAll(async () => {
  // A real listener on loopback that is NOT the simulator's allowed host:port: a request here is SSRF.
  target = createServer((_request, response) => {
    hits += 1;
    response.end('{}');
  });
  target.listen(0, '127.0.0.1');
  await once(target, 'listening');
  await world.start();
}, 180_000);

afterAll(async () => {
  await world.stop();
  target?.close();
}, 60_000);

function hostileCases(): HostileUrl[] {
  const { port } = target.address() as AddressInfo;
  return [...hostileUrls(port), ...OFF_LIST_URLS];
}

function namedFields(body: unknown): string[] {
  return ((body as ErrorBody).error?.details?.fields ?? []).map((f) => f.field);
}

describe('SSRF through the integration settings baseUrl', () => {
  it('the catalog API refuses every hostile baseUrl with a 400 naming settings.baseUrl (PUT and PATCH)', async () => {
    const tenant = await world.newTenant();
    const gotThrough: string[] = [];
    for (const hostile of hostileCases()) {
      const put = await tenant.catalog.put('/v1/integrations/stripe', {
        enabled: false,
        settings: { baseUrl: hostile.url },
      });
      const putRefused = put.status === 400 && namedFields(put.body).includes('settings.baseUrl');
      recordRefusal(
        'ssrf',
        `catalog PUT settings.baseUrl: ${hostile.kind}`,
        putRefused,
        `HTTP ${put.status}`,
      );
      if (!putRefused) gotThrough.push(`PUT ${hostile.kind}: ${put.status}`);
    }
    // A saved, harmless connection, then PATCHes aiming it elsewhere.
    const saved = await tenant.catalog.put('/v1/integrations/stripe', {
      enabled: false,
      settings: { baseUrl: world.simulatorUrl },
    });
    expect(saved.status).toBe(201);
    for (const hostile of hostileCases()) {
      const patch = await tenant.catalog.patch('/v1/integrations/stripe', {
        settings: { baseUrl: hostile.url },
      });
      const refused = patch.status === 400 && namedFields(patch.body).includes('settings.baseUrl');
      recordRefusal(
        'ssrf',
        `catalog PATCH settings.baseUrl: ${hostile.kind}`,
        refused,
        `HTTP ${patch.status}`,
      );
      if (!refused) gotThrough.push(`PATCH ${hostile.kind}: ${patch.status}`);
    }
    expect(gotThrough).toEqual([]);
    const kept = await tenant.catalog.get<{ settings: { baseUrl: string } }>(
      '/v1/integrations/stripe',
    );
    expect(kept.body.settings.baseUrl).toBe(world.simulatorUrl);
  });

  it('the catalog API refuses a hostile instanceUrl in credentials with a 400 naming it', async () => {
    const tenant = await world.newTenant();
    await tenant.catalog.put('/v1/integrations/salesforce', { enabled: false });
    const gotThrough: string[] = [];
    for (const hostile of hostileCases()) {
      const response = await tenant.catalog.post('/v1/integrations/salesforce/credentials', {
        accessToken: 'a-token',
        instanceUrl: hostile.url,
      });
      const refused =
        response.status === 400 && namedFields(response.body).includes('credentials.instanceUrl');
      recordRefusal(
        'ssrf',
        `catalog credentials.instanceUrl: ${hostile.kind}`,
        refused,
        `HTTP ${response.status}`,
      );
      if (!refused) gotThrough.push(`${hostile.kind}: ${response.status}`);
    }
    expect(gotThrough).toEqual([]);
    const accepted = await tenant.catalog.post('/v1/integrations/salesforce/credentials', {
      accessToken: 'a-token',
      instanceUrl: 'https://acme.my.salesforce.com',
    });
    expect(accepted.status).toBeLessThan(300);
  });

  it('connector-stripe itself never calls a hostile baseUrl that bypassed the catalog (published straight to the connections topic)', async () => {
    const ring = KeyRing.parse(world.keyRing, world.keyRing.split(':')[0]);
    const cases = hostileCases();
    const tenants: E2eTenant[] = [];
    // Each tenant gets a real, harmless connection first (the catalog keeps statuses only for
    // connections it knows); once the connector reports it, a hostile version of the same
    // connection is published straight to the topic, as a compromised publisher would.
    const connections = await Promise.all(
      cases.map(async () => {
        const tenant = await world.newTenant();
        const saved = await tenant.catalog.put<{ connectionId: string; version: number }>(
          '/v1/integrations/stripe',
          { enabled: false, settings: { baseUrl: world.simulatorUrl } },
        );
        expect(saved.status).toBe(201);
        return { tenant, connection: saved.body };
      }),
    );
    for (const { tenant } of connections) {
      await eventually(
        async () => {
          const response = await tenant.catalog.get<StatusView>('/v1/integrations/stripe/status');
          expect(response.body.state).toBe('disabled');
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
    }
    for (const [index, hostile] of cases.entries()) {
      const { tenant, connection } = connections[index];
      tenants.push(tenant);
      await publishMessages(testKafkaBrokers(), withTopicPrefix(world.prefix, ConnectionsTopic), [
        {
          key: `${tenant.tenantId}:stripe`,
          value: aConnectionSettings({
            tenant: tenant.tenantId,
            connectionId: connection.connectionId,
            version: connection.version + 1,
            settings: { baseUrl: hostile.url },
            credentials: encryptSecret(
              ring,
              JSON.stringify({ apiKey: tenant.apiKey }),
              `${tenant.tenantId}:stripe`,
            ),
          }),
        },
      ]);
    }
    const gotThrough: string[] = [];
    for (const [index, hostile] of cases.entries()) {
      const status = await eventually(
        async () => {
          const response = await tenants[index].catalog.get<StatusView>(
            '/v1/integrations/stripe/status',
          );
          expect(response.status).toBe(200);
          expect(['pending', 'disabled']).not.toContain(response.body.state);
          return response.body;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      ).catch(() => ({ state: 'no status', reason: null }));
      const refused =
        status.state === 'needs-attention' && /base URL is not allowed/.test(status.reason ?? '');
      recordRefusal(
        'ssrf',
        `connector baseUrl (bypassing the catalog): ${hostile.kind}`,
        refused,
        status.state,
      );
      if (!refused) gotThrough.push(`${hostile.kind}: ${JSON.stringify(status)}`);
    }
    expect(gotThrough).toEqual([]);
    recordRefusal(
      'ssrf',
      'requests that reached the loopback target',
      hits === 0,
      `${hits} requests`,
    );
    expect(hits).toBe(0);
  });
});
