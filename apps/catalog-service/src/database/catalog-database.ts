import {
  databaseUrlFor,
  ensureDatabase,
  type PostgresLogger,
  resolvePostgres,
} from '@concord/database';

export interface CatalogDatabaseSettings {
  DATABASE_URL: string | undefined;
  CATALOG_DATABASE: string;
}

/**
 * The URL of the catalog database: on the server named by DATABASE_URL (else the local server,
 * else an embedded one), database CATALOG_DATABASE, created first when `create` is set.
 */
export async function resolveCatalogDatabase(
  settings: CatalogDatabaseSettings,
  options: { create: boolean; logger?: PostgresLogger },
): Promise<string> {
  const server = await resolvePostgres({
    databaseUrl: settings.DATABASE_URL,
    logger: options.logger,
  });
  if (options.create) await ensureDatabase(server.url, settings.CATALOG_DATABASE);
  return databaseUrlFor(server.url, settings.CATALOG_DATABASE);
}
