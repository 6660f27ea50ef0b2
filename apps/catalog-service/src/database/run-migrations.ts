import { createCatalogDataSource } from './data-source';

// Several replicas may start with RUN_MIGRATIONS=true at once: one migrates, the others wait.
const MIGRATION_LOCK = 724_311_000;

/** Applies every pending migration to the catalog database; returns the names it applied. */
export async function runCatalogMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = createCatalogDataSource(databaseUrl);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
