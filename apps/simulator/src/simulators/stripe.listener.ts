import { createStripeSimulator } from '@concord/simulators/stripe';
import { Logger } from 'pino';

import { SimulatorConfig } from '../config/simulator.env';
import { SimulatorListenerSpec } from '../host/simulator-listener-spec';

export function stripeListener(config: SimulatorConfig, logger: Logger): SimulatorListenerSpec {
  const simulator = createStripeSimulator({
    ...(config.SIM_SEED === undefined ? {} : { seed: config.SIM_SEED }),
    rateLimit: config.STRIPE_SIM_RATE_LIMIT === 'on',
    onInternalError: (error) =>
      logger.error({ simulator: 'stripe', err: error }, 'simulator failure'),
  });
  return {
    name: 'stripe',
    host: config.SIMULATOR_HOST,
    port: config.STRIPE_SIM_PORT,
    handler: simulator.handler,
    describe: () => ({
      seed: simulator.control.random.currentSeed,
      rateLimit: simulator.control.rateLimiter.view(),
      apiVersion: '2023-08-16',
    }),
    close: () => simulator.close(),
  };
}
