// `nx run catalog-service:migrate` / `node dist/apps/catalog-service/src/database/migrate.js`:
// creates the catalog database if missing and applies pending migrations, as its own step.
import 'reflect-metadata';

import { assertValidEnvOrExit, loadEnv } from '@concord/config';
import { describePostgresUrl } from '@concord/database';

import { migrationEnv } from '../config/catalog-env';
import { resolveCatalogDatabase } from './catalog-database';
import { runCatalogMigrations } from './run-migrations';

const say = (message: string): void => {
  process.stdout.write(`[migrate] ${message}\n`);
};

async function migrate(): Promise<void> {
  const config = assertValidEnvOrExit(() => loadEnv(migrationEnv));
  const databaseUrl = await resolveCatalogDatabase(config, {
    create: true,
    logger: { log: say, warn: say },
  });
  say(`database ${describePostgresUrl(databaseUrl)}`);
  const applied = await runCatalogMigrations(databaseUrl);
  say(applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`);
}

migrate().catch((error: unknown) => {
  process.stderr.write(`[migrate] failed: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
