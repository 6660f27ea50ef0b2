// `node dist/apps/catalog-service/src/relay.js`: the outbox relay as its own process.
import { assertValidEnvOrExit, loadEnv } from '@concord/config';

import { relayProcessEnv } from './config/catalog-env';
import { startRelayProcess } from './outbox/relay-process';

const config = assertValidEnvOrExit(() => loadEnv(relayProcessEnv));

startRelayProcess(config)
  .then((relay) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) process.exit(1);
      stopping = true;
      relay.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `outbox relay failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
