import { bootstrapHttpApp, type HttpApp } from '@concord/observability';

import { AppModule, SERVICE_NAME } from './app.module';
import type { CatalogConfig } from './config/catalog-env';
import { resolveCatalogDatabase } from './database/catalog-database';
import { runCatalogMigrations } from './database/run-migrations';
import { setupOpenApi } from './openapi/openapi';

/**
 * Resolves (and creates) the catalog database, applies migrations when RUN_MIGRATIONS is set,
 * and serves the API. main.ts and the in-process integration tests both start the app this way.
 */
export async function startCatalogApp(config: CatalogConfig): Promise<HttpApp> {
  const databaseUrl = await resolveCatalogDatabase(config, { create: true });
  if (config.RUN_MIGRATIONS) await runCatalogMigrations(databaseUrl);
  return bootstrapHttpApp(AppModule.forRoot(config, databaseUrl), {
    port: config.PORT,
    host: config.HOST,
    serviceName: SERVICE_NAME,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    configure: (app) => setupOpenApi(app),
  });
}
