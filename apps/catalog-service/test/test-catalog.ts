import { loadEnv } from '@concord/config';
import { databaseUrlFor, dropDatabase } from '@concord/database';
import { testTenantId, waitUntilReady } from '@concord/testing';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';

import { startCatalogApp } from '../src/catalog-app';
import { type CatalogConfig, catalogEnv } from '../src/config/catalog-env';
import { CatalogClient } from './catalog-client';
import { catalogTestEnv } from './catalog-test-env';

export interface TestTenant {
  tenantId: string;
  /** The tenant's first key (scopes read, write, admin). */
  key: string;
  apiKeyId: string;
  client: CatalogClient;
}

/** catalog-service running in this process on a free port, with a database of its own. */
export interface TestCatalog {
  readonly config: CatalogConfig;
  readonly url: string;
  readonly app: INestApplication;
  /** Direct SQL on the catalog database, to check what was (not) written. */
  readonly db: Pool;
  admin(): CatalogClient;
  newTenant(): Promise<TestTenant>;
  /** Closes the app and starts it again on the same database. */
  restart(): Promise<void>;
  /** Closes the app and drops its database. */
  close(): Promise<void>;
}

/**
 * Starts the app in-process and waits until it reports ready (database reachable, Kafka producer
 * and consumers connected), as a deployment's readiness probe would, so no test races start-up.
 */
async function startReadyCatalogApp(config: CatalogConfig): ReturnType<typeof startCatalogApp> {
  const running = await startCatalogApp(config);
  // The error on timeout carries the last body, which names the checks that are not ready.
  await waitUntilReady(`${running.url}/health/ready`, { timeoutMs: 45_000 });
  return running;
}

export async function startTestCatalog(
  overrides: Record<string, string> = {},
): Promise<TestCatalog> {
  const config: CatalogConfig = { ...loadEnv(catalogEnv, catalogTestEnv(overrides)), PORT: 0 };
  let running = await startReadyCatalogApp(config);
  const db = new Pool({
    connectionString: databaseUrlFor(config.DATABASE_URL ?? '', config.CATALOG_DATABASE),
    max: 4,
  });
  // An idle session of this pool can be ended under it (a database dropped or its sessions
  // terminated by a test); without a listener the pool's 'error' would crash the whole Jest run.
  db.on('error', () => undefined);
  const catalog: TestCatalog = {
    config,
    get url() {
      return running.url;
    },
    get app() {
      return running.app;
    },
    db,
    admin: () => new CatalogClient(running.url, config.CONCORD_ADMIN_API_KEY),
    async newTenant() {
      const tenantId = testTenantId();
      const created = await catalog
        .admin()
        .post<{ apiKey: { key: string; id: string } }>('/v1/admin/tenants', {
          id: tenantId,
          name: `Tenant ${tenantId}`,
        });
      if (created.status !== 201) {
        throw new Error(
          `tenant creation failed: ${created.status} ${JSON.stringify(created.body)}`,
        );
      }
      const { key, id } = created.body.apiKey;
      return { tenantId, key, apiKeyId: id, client: new CatalogClient(running.url, key) };
    },
    async restart() {
      const { port } = new URL(running.url);
      await running.app.close();
      running = await startReadyCatalogApp({ ...config, PORT: Number(port) });
    },
    async close() {
      await running.app.close();
      await db.end();
      await dropDatabase(config.DATABASE_URL ?? '', config.CATALOG_DATABASE);
    },
  };
  return catalog;
}
