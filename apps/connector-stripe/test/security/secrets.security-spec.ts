import { signStripePayload } from '@concord/auth';
import { eventually, recordRefusal } from '@concord/testing';
import { ApiClient, type ApiResponse } from '@concord/testing';
import type { Pool } from 'pg';

import { type E2eTenant, StripeE2eWorld } from '../e2e/stripe-e2e-world';
import { databaseTexts, findSecrets, topicTexts } from './secret-scan';
import { catalogDatabase, webhookEndpointOf } from './stripe-security-world';

// Debug too: the scan below then covers every line the apps can write, the routine ones (the
// connector's effective configuration, status heartbeats) included.
const world = new StripeE2eWorld({
  catalogEnv: { LOG_LEVEL: 'debug' },
  connectorEnv: { LOG_LEVEL: 'debug' },
});
let tenant: E2eTenant;
let db: Pool;

beforeAll(async () => {
  await world.start();
  tenant = await world.newTenant();
  db = catalogDatabase(world);
}, 180_000);

afterAll(async () => {
  await db?.end();
  await world.stop();
}, 60_000);

describe('secrets: absent from logs, topics, API responses and database plaintext', () => {
  it('keeps the Stripe key, webhook secret, API keys, admin key and key ring out of everything observable', async () => {
    const responses: Array<[string, string]> = [];
    const keep = <T>(what: string, response: ApiResponse<T>): ApiResponse<T> => {
      responses.push([
        `response ${what}`,
        JSON.stringify({ body: response.body, headers: [...response.headers] }),
      ]);
      return response;
    };

    // Stripe credentials stored, webhook endpoint registered (its secret reported, encrypted).
    await world.connectStripe(tenant);
    const endpoint = await webhookEndpointOf(world, tenant, db);

    // A tenant API key issued (shown once: that one response is not scanned), used, then rotated.
    const issued = await tenant.catalog.post<{ id: string; key: string }>('/v1/api-keys', {
      name: 'ops',
      scopes: ['read', 'write', 'admin'],
    });
    expect(issued.status).toBe(201);
    const ops = new ApiClient(world.catalog.url, issued.body.key);
    const created = keep(
      'POST /v1/customers',
      await ops.post<{ id: string }>('/v1/customers', {
        name: 'Secretive Ltd',
        email: 'secretive@example.com',
      }),
    );
    expect(created.status).toBe(201);
    await eventually(
      async () =>
        expect(
          (await tenant.stripe.customers.search({ query: "email:'secretive@example.com'" })).data,
        ).toHaveLength(1),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // A change in Stripe comes back through a signed webhook, plus one we sign and deliver ourselves.
    const external = await tenant.stripe.customers.create({
      name: 'From Stripe',
      email: 'from-stripe@example.com',
    });
    await eventually(
      async () => {
        const page = await ops.get<{ data: unknown[] }>(
          `/v1/customers?system=stripe&externalId=${external.id}`,
        );
        expect(page.body.data).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const event = (await tenant.stripe.events.list({ limit: 1 })).data[0];
    const body = JSON.stringify(event);
    const delivered = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signStripePayload({ secret: endpoint.secret, payload: body }),
      },
      body,
    });
    expect(delivered.status).toBe(200);
    const rotated = await ops.post<{ key: string }>(`/v1/api-keys/${issued.body.id}/rotate`, {
      graceSeconds: 60,
    });
    expect(rotated.status).toBe(201);

    for (const path of [
      '/v1/integrations',
      '/v1/integrations/stripe',
      '/v1/integrations/stripe/status',
      '/v1/api-keys',
      '/v1/audit-log?limit=100',
      '/v1/sync/activity?limit=100',
      '/v1/customers?limit=100',
      '/v1/dead-letters',
    ]) {
      keep(`GET ${path}`, await ops.get(path));
    }
    keep(
      'GET /v1/admin/tenants',
      await new ApiClient(world.catalog.url, world.adminKey).get('/v1/admin/tenants'),
    );
    for (const app of [world.catalog, ...world.connectors]) {
      keep(`GET ${app.url}/metrics`, {
        status: 200,
        headers: new Headers(),
        body: await (await fetch(`${app.url}/metrics`)).text(),
      });
    }

    const secrets: Record<string, string> = {
      'Stripe API key': tenant.apiKey,
      'webhook signing secret': endpoint.secret,
      'tenant API key': issued.body.key,
      'rotated tenant API key': rotated.body.key,
      'platform admin key': world.adminKey,
      'secrets key ring': world.keyRing.split(':')[1],
    };
    const places: Array<[string, Array<[string, string]>]> = [
      [
        'process logs',
        [
          ['log catalog-service', world.catalog.logs()],
          ...world.connectors.map((connector, i): [string, string] => [
            `log connector-stripe #${i}`,
            connector.logs(),
          ]),
        ],
      ],
      ['topics', await topicTexts(world.prefix, ['stripe'])],
      ['API responses', responses],
      ['database', await databaseTexts(db)],
    ];
    // The scanner finds what is there: the one response that shows the new key holds it.
    expect(findSecrets(secrets, [['issued', JSON.stringify(issued.body)]])).toEqual([
      { secret: 'tenant API key', location: 'issued' },
    ]);
    const leaks: string[] = [];
    for (const [place, texts] of places) {
      expect(texts.length).toBeGreaterThan(0);
      for (const [name, secret] of Object.entries(secrets)) {
        const found = findSecrets({ [name]: secret }, texts);
        recordRefusal(
          'secrets',
          `${name} in ${place} (${texts.length} texts scanned)`,
          found.length === 0,
          found.map((finding) => finding.location).join(', ') || 'absent',
        );
        leaks.push(...found.map((finding) => `${name} in ${finding.location}`));
      }
    }
    expect(leaks).toEqual([]);
  });
});
