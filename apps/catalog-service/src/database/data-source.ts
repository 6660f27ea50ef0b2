import { DataSource, DataSourceOptions } from 'typeorm';

import { catalogEntities } from './catalog-entities';
import { catalogMigrations } from './migrations/catalog-migrations';

/**
 * The one definition of the catalog's TypeORM data source, shared by the app and the migration
 * command. The schema changes only through migrations: never `synchronize`.
 */
export function catalogDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    applicationName: 'catalog-service',
    entities: catalogEntities,
    migrations: catalogMigrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, connectionTimeoutMillis: 10_000 },
  };
}

export function createCatalogDataSource(databaseUrl: string): DataSource {
  return new DataSource(catalogDataSourceOptions(databaseUrl));
}
