import { freePort, recordRefusal } from '@concord/testing';

import type { ApiResponse } from '../catalog-client';
import { catalogServiceRoutes } from './controller-routes';
import { crossTenantAttacks } from './cross-tenant-attacks';
import { type SecurityCatalog, startSecurityCatalog } from './security-catalog';
import { type SeededTenant, seedTenant } from './seed-tenant';

let catalog: SecurityCatalog;
let a: SeededTenant;
let b: SeededTenant;

/** Everything B can see of its own data (key use times left out: reading updates them). */
async function snapshotOf(tenant: SeededTenant): Promise<string> {
  const paths = [
    `/v1/customers/${tenant.customerId}`,
    `/v1/products/${tenant.productId}`,
    `/v1/invoices/${tenant.invoiceId}`,
    '/v1/api-keys',
    '/v1/integrations/stripe',
    '/v1/notifications/webhook',
    `/v1/dead-letters/${tenant.deadLetterId}`,
    '/v1/audit-log?limit=100',
  ];
  const views: unknown[] = [];
  for (const path of paths) {
    const response = await tenant.client.get(path);
    views.push({ path, status: response.status, body: response.body });
  }
  return JSON.stringify(views, (key, value: unknown) => (key === 'lastUsedAt' ? undefined : value));
}

beforeAll(async () => {
  const notifyPort = await freePort();
  catalog = await startSecurityCatalog({
    NOTIFICATION_ALLOWED_LOOPBACK: `127.0.0.1:${notifyPort}`,
  });
  a = await seedTenant(catalog, notifyPort);
  b = await seedTenant(catalog, notifyPort);
}, 180_000);

afterAll(() => catalog?.stop(), 60_000);

describe("cross-tenant: tenant A's key against tenant B's data, through every route", () => {
  const attacks = crossTenantAttacks();

  it('covers every route the controllers declare, no more and no fewer', () => {
    const covered = [...new Set(attacks.map((attack) => attack.route))].sort();
    expect(covered).toEqual(catalogServiceRoutes());
  });

  it('answers 404 for B ids, lists only A records, refuses admin routes, and leaves B unchanged', async () => {
    const before = await snapshotOf(b);
    const gotThrough: string[] = [];
    for (const attack of attacks) {
      const response: ApiResponse<unknown> = await attack.run(a, b);
      catalog.responses.push(JSON.stringify(response.body));
      const refused = recordRefusal(
        'cross-tenant',
        `${attack.route}: ${attack.attempt}`,
        attack.refused(response, b),
        `HTTP ${response.status}`,
      );
      if (!refused)
        gotThrough.push(`${attack.route} -> ${response.status} ${JSON.stringify(response.body)}`);
    }
    expect(gotThrough).toEqual([]);

    const after = await snapshotOf(b);
    recordRefusal(
      'cross-tenant',
      "B's records, keys, integration, webhook, dead letter and audit log after every attack",
      after === before,
    );
    expect(JSON.parse(after)).toEqual(JSON.parse(before));
    // B's keys still work: nothing of A's revoked or rotated them.
    expect((await b.client.get('/v1/customers')).status).toBe(200);
  });
});
