import { createSalesforceSimulator } from '@concord/simulators/salesforce';
import { Logger } from 'pino';

import { SimulatorConfig } from '../config/simulator.env';
import { SimulatorListenerSpec } from '../host/simulator-listener-spec';

export function salesforceListener(config: SimulatorConfig, logger: Logger): SimulatorListenerSpec {
  const simulator = createSalesforceSimulator({
    ...(config.SIM_SEED === undefined ? {} : { seed: config.SIM_SEED }),
    orgSettings: {
      dailyApiLimit: config.SALESFORCE_SIM_DAILY_API_LIMIT,
      sessionLifetimeMs: config.SALESFORCE_SIM_SESSION_SECONDS * 1000,
    },
    onInternalError: (error) =>
      logger.error({ simulator: 'salesforce', err: error }, 'simulator failure'),
  });
  return {
    name: 'salesforce',
    host: config.SIMULATOR_HOST,
    port: config.SALESFORCE_SIM_PORT,
    handler: simulator.handler,
    describe: () => ({
      seed: simulator.control.random.currentSeed,
      demoClientId: simulator.demo.clientId,
      demoOrgId: simulator.demo.orgId,
      dailyApiLimit: config.SALESFORCE_SIM_DAILY_API_LIMIT,
    }),
    close: () => simulator.close(),
  };
}
