import { decryptSecret, KeyRing } from '@concord/auth';
import { eventually, testDatabaseAdminUrl } from '@concord/testing';
import { Pool } from 'pg';

import type { E2eTenant, StripeE2eWorld } from '../e2e/stripe-e2e-world';

/** Direct SQL on the world's catalog database (what a DBA, or a stolen backup, would see). */
export function catalogDatabase(world: StripeE2eWorld): Pool {
  const url = new URL(testDatabaseAdminUrl());
  url.pathname = `/${world.database.name}`;
  return new Pool({ connectionString: url.toString(), max: 2 });
}

/** The connection's webhook endpoint: its URL and its clear signing secret. */
export interface WebhookEndpoint {
  url: string;
  secret: string;
}

/**
 * The signing secret as the connector reported it (encrypted under the shared key ring, bound to
 * `tenant:stripe`), opened with the world's key ring: what lets a spec sign genuine deliveries.
 */
export async function webhookEndpointOf(
  world: StripeE2eWorld,
  tenant: E2eTenant,
  db: Pool,
): Promise<WebhookEndpoint> {
  const ring = KeyRing.parse(world.keyRing, world.keyRing.split(':')[0]);
  return eventually(
    async () => {
      const { rows } = await db.query<{ url: string | null; secret: string | null }>(
        `SELECT status->'webhook'->>'url' AS url, status->'webhook'->>'secret' AS secret
           FROM connector_statuses WHERE tenant_id = $1 AND system = 'stripe'`,
        [tenant.tenantId],
      );
      const row = rows[0];
      if (!row?.url || !row.secret) throw new Error('no webhook endpoint reported yet');
      return { url: row.url, secret: decryptSecret(ring, row.secret, `${tenant.tenantId}:stripe`) };
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}
