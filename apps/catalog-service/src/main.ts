import 'reflect-metadata';

import { assertValidEnvOrExit, loadEnv } from '@concord/config';

import { startCatalogApp } from './catalog-app';
import { catalogEnv } from './config/catalog-env';
import { shiftProcessClock } from './config/shifted-clock';

const config = assertValidEnvOrExit(() => loadEnv(catalogEnv));
shiftProcessClock(config.CONCORD_TEST_CLOCK_OFFSET_MS);

startCatalogApp(config).catch((error: unknown) => {
  process.stderr.write(
    `catalog-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
