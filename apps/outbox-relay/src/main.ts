import 'reflect-metadata';

import { assertValidEnvOrExit, loadEnv } from '@concord/config';

import { relayEnv } from './config/relay-env';
import { startRelayApp } from './relay-app';

// `node dist/apps/outbox-relay/src/main.js`: publishes catalog-service's outbox to Kafka.
const config = assertValidEnvOrExit(() => loadEnv(relayEnv));

startRelayApp(config).catch((error: unknown) => {
  process.stderr.write(
    `outbox-relay failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
