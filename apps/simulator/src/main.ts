import { assertValidEnvOrExit, loadEnv } from '@concord/config';

import { simulatorEnv } from './config/simulator.env';
import { createSimulatorLogger } from './config/simulator-logger';
import { SimulatorHost } from './host/simulator-host';
import { simulatorListeners } from './simulators/simulator-listeners';

async function main(): Promise<void> {
  const config = assertValidEnvOrExit(() => loadEnv(simulatorEnv, process.env));
  const logger = createSimulatorLogger(config);
  const host = new SimulatorHost(logger);
  try {
    await host.start(simulatorListeners(config, logger));
  } catch (error) {
    logger.fatal({ err: error }, 'simulator failed to start');
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    host.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
