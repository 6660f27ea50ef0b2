import { dropDatabase } from '@concord/database';
import { type AppProcess, startAppProcess, testTenantId } from '@concord/testing';

import { CatalogClient } from '../catalog-client';
import { catalogTestEnv } from '../catalog-test-env';

/** A tenant of the catalog under attack, with its first key (scopes read, write, admin). */
export interface SecurityTenant {
  tenantId: string;
  key: string;
  apiKeyId: string;
  client: CatalogClient;
}

/** catalog-service as a real process from dist/ (relay and consumers on), for attacks over HTTP. */
export interface SecurityCatalog {
  readonly app: AppProcess;
  readonly env: Record<string, string>;
  readonly admin: CatalogClient;
  /** Every response body the specs received, for the secret scan. */
  readonly responses: string[];
  newTenant(): Promise<SecurityTenant>;
  stop(): Promise<void>;
}

export async function startSecurityCatalog(
  overrides: Record<string, string> = {},
): Promise<SecurityCatalog> {
  const env = catalogTestEnv({
    OUTBOX_RELAY: 'embedded',
    SYNC_TOPIC_REFRESH_MS: '1000',
    LOG_LEVEL: 'info',
    ...overrides,
  });
  const app = await startAppProcess({
    name: 'catalog-security',
    script: 'dist/apps/catalog-service/src/main.js',
    env,
    timeoutMs: 90_000,
  });
  const admin = new CatalogClient(app.url, env.CONCORD_ADMIN_API_KEY);
  return {
    app,
    env,
    admin,
    responses: [],
    async newTenant() {
      const tenantId = testTenantId();
      const created = await admin.post<{ apiKey: { key: string; id: string } }>(
        '/v1/admin/tenants',
        { id: tenantId, name: `Tenant ${tenantId}` },
      );
      if (created.status !== 201) {
        throw new Error(`tenant not created: ${created.status} ${JSON.stringify(created.body)}`);
      }
      const { key, id } = created.body.apiKey;
      return { tenantId, key, apiKeyId: id, client: new CatalogClient(app.url, key) };
    },
    async stop() {
      await app.stop().catch(() => undefined);
      await dropDatabase(env.DATABASE_URL, env.CATALOG_DATABASE).catch(() => undefined);
    },
  };
}
