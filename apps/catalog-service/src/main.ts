import 'reflect-metadata';

import { assertValidEnvOrExit, loadEnv } from '@concord/config';

import { startCatalogApp } from './catalog-app';
import { catalogEnv } from './config/catalog-env';

const config = assertValidEnvOrExit(() => loadEnv(catalogEnv));

startCatalogApp(config).catch((error: unknown) => {
  process.stderr.write(
    `catalog-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
