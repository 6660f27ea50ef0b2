import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { eventually, testDatabaseAdminUrl, workspaceRoot } from '@concord/testing';

import { StripeE2eWorld } from './stripe-e2e-world';

jest.setTimeout(300_000);

const ROTATE = 'dist/apps/catalog-service/src/integrations/rotate-credentials.js';

const world = new StripeE2eWorld();
/** The key the first rotation moves everything to (active from then on). */
const newKey = `r2:${randomBytes(32).toString('base64')}`;

beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop(), 60_000);

/** The rotation command, run as an operator would, with the catalog's database and a key ring. */
function rotate(ring: Record<string, string>, timeoutMs: number) {
  return spawnSync(process.execPath, [ROTATE], {
    cwd: workspaceRoot(),
    env: {
      ...process.env,
      DATABASE_URL: testDatabaseAdminUrl(),
      CATALOG_DATABASE: world.database.name,
      ROTATION_CONFIRM_TIMEOUT_MS: String(timeoutMs),
      LOG_LEVEL: 'warn',
      ...ring,
    },
    encoding: 'utf8',
    timeout: timeoutMs + 60_000,
  });
}

describe('secrets key rotation with running connectors (processes)', () => {
  it('moves the connector’s webhook secret, waits for it, and after the old key is removed a signed delivery is accepted', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const [connector] = world.connectors;

    // 1-2. Every app gets both keys with the new one active (a rollout restarts them).
    const both = {
      CONCORD_SECRETS_KEYS: `${world.keyRing},${newKey}`,
      CONCORD_SECRETS_ACTIVE_KEY: 'r2',
    };
    await world.catalog.restart(both);
    await connector.restart(both);
    // 3. The rotation re-encrypts the catalog's secrets and waits for the connector's.
    const rotated = rotate(both, 60_000);
    expect({ status: rotated.status, stderr: rotated.stderr }).toEqual({ status: 0, stderr: '' });
    expect(rotated.stdout).toContain('every connector confirmed');

    // 4. The old key is removed everywhere; the connector restarts with the new key alone.
    const newOnly = { CONCORD_SECRETS_KEYS: newKey, CONCORD_SECRETS_ACTIVE_KEY: 'r2' };
    await world.catalog.restart(newOnly);
    await connector.restart(newOnly);

    const external = await tenant.stripe.customers.create({ name: 'After the rotation' });
    await eventually(
      async () => {
        const page = await tenant.catalog.get<{ data: Array<{ name: string }> }>(
          `/v1/customers?system=stripe&externalId=${external.id}`,
        );
        expect(page.body.data.map((c) => c.name)).toEqual(['After the rotation']);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // It came by the signed webhook (not only by polling), and no delivery was refused.
    expect(
      await world.connectorMetric('connector_inbound_changes_total', 'reason="webhook"'),
    ).toBeGreaterThan(0);
    expect(await world.connectorMetric('connector_webhook_requests_rejected_total')).toBe(0);
  });

  it('exits non-zero naming a connection whose connector never moved its secret', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const [connector] = world.connectors;
    await connector.stop();
    const ring = `${newKey},r3:${randomBytes(32).toString('base64')}`;
    const rotated = rotate({ CONCORD_SECRETS_KEYS: ring, CONCORD_SECRETS_ACTIVE_KEY: 'r3' }, 3000);
    expect(rotated.status).toBe(1);
    expect(rotated.stdout).toContain(`NOT CONFIRMED: ${tenant.tenantId}/stripe`);
  });
});
