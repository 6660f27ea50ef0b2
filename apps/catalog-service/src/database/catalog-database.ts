import {
  databaseUrlFor,
  ensureDatabase,
  type PostgresLogger,
  type PostgresSslSettings,
  resolvePostgres,
  withPostgresSsl,
} from '@concord/database';

export interface CatalogDatabaseSettings extends PostgresSslSettings {
  DATABASE_URL: string | undefined;
  CATALOG_DATABASE: string;
}

/**
 * The URL of the catalog database: on the server named by DATABASE_URL (else the local server,
 * else an embedded one), database CATALOG_DATABASE, created first when `create` is set. The
 * DATABASE_SSL settings go into the URL, so every connection made from it uses the same TLS.
 */
export async function resolveCatalogDatabase(
  settings: CatalogDatabaseSettings,
  options: { create: boolean; logger?: PostgresLogger },
): Promise<string> {
  const server = await resolvePostgres({
    databaseUrl: settings.DATABASE_URL,
    logger: options.logger,
  });
  const serverUrl = withPostgresSsl(server.url, settings);
  if (options.create) await ensureDatabase(serverUrl, settings.CATALOG_DATABASE);
  return databaseUrlFor(serverUrl, settings.CATALOG_DATABASE);
}
