import { bootstrapHttpApp, type HttpApp } from '@concord/observability';

import { AppModule, SERVICE_NAME } from './app.module';
import type { CatalogConfig } from './config/catalog-env';
import { resolveCatalogDatabase } from './database/catalog-database';
import { runCatalogMigrations } from './database/run-migrations';
import { InboundConsumer } from './inbound/inbound.consumer';
import { setupOpenApi } from './openapi/openapi';

/**
 * Resolves (and creates) the catalog database, applies migrations when RUN_MIGRATIONS is set,
 * starts the inbound applier's Kafka transport (when enabled) and serves the API. main.ts and the in-process integration tests both start the app this way.
 */
export async function startCatalogApp(config: CatalogConfig): Promise<HttpApp> {
  const databaseUrl = await resolveCatalogDatabase(config, { create: true });
  if (config.RUN_MIGRATIONS) await runCatalogMigrations(databaseUrl);
  return bootstrapHttpApp(AppModule.forRoot(config, databaseUrl), {
    port: config.PORT,
    host: config.HOST,
    serviceName: SERVICE_NAME,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    configure: async (app) => {
      setupOpenApi(app);
      // The inbound applier is a Kafka microservice of this app: its consumers start once every
      // module is initialised (database, outbox, caches) and stop when the app closes.
      const { server } = app.get(InboundConsumer);
      if (!server) return;
      await app.init();
      app.connectMicroservice({ strategy: server });
      await app.startAllMicroservices();
    },
  });
}
