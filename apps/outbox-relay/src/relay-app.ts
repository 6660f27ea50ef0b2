import { databaseUrlFor, resolvePostgres, withPostgresSsl } from '@concord/database';
import { bootstrapHttpApp, type HttpApp } from '@concord/observability';

import type { RelayConfig } from './config/relay-config';
import { RelayAppModule, SERVICE_NAME } from './relay-app.module';

/**
 * The catalog database on the server DATABASE_URL names (never created here: catalog-service's
 * migrations own it), then the app. main.ts and the tests start it this way.
 */
export async function startRelayApp(config: RelayConfig): Promise<HttpApp> {
  const server = await resolvePostgres({ databaseUrl: config.DATABASE_URL });
  const databaseUrl = databaseUrlFor(withPostgresSsl(server.url, config), config.CATALOG_DATABASE);
  return bootstrapHttpApp(RelayAppModule.forRoot(config, databaseUrl), {
    port: config.PORT,
    host: config.HOST,
    serviceName: SERVICE_NAME,
  });
}
