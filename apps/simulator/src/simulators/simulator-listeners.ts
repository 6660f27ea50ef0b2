import { Logger } from 'pino';

import { SimulatorConfig } from '../config/simulator.env';
import { SimulatorListenerSpec } from '../host/simulator-listener-spec';
import { salesforceListener } from './salesforce.listener';
import { stripeListener } from './stripe.listener';
import { xeroListener } from './xero.listener';

/** Every simulator this process serves; a new system adds its listener here. */
export function simulatorListeners(
  config: SimulatorConfig,
  logger: Logger,
): SimulatorListenerSpec[] {
  return [
    stripeListener(config, logger),
    salesforceListener(config, logger),
    xeroListener(config, logger),
  ];
}
