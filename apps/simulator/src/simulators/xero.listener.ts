import { createXeroSimulator } from '@concord/simulators/xero';
import { Logger } from 'pino';

import { SimulatorConfig } from '../config/simulator.env';
import { SimulatorListenerSpec } from '../host/simulator-listener-spec';

export function xeroListener(config: SimulatorConfig, logger: Logger): SimulatorListenerSpec {
  const webhookUrl = config.XERO_SIM_WEBHOOK_URL;
  const webhookKey = config.XERO_SIM_WEBHOOK_KEY;
  if ((webhookUrl === undefined) !== (webhookKey === undefined)) {
    throw new Error('XERO_SIM_WEBHOOK_URL and XERO_SIM_WEBHOOK_KEY must be set together');
  }
  const simulator = createXeroSimulator({
    ...(config.SIM_SEED === undefined ? {} : { seed: config.SIM_SEED }),
    rateLimit: config.XERO_SIM_RATE_LIMIT === 'on',
    accessTokenSeconds: config.XERO_SIM_ACCESS_TOKEN_SECONDS,
    ...(webhookUrl && webhookKey ? { webhook: { url: webhookUrl, key: webhookKey } } : {}),
    onInternalError: (error) =>
      logger.error({ simulator: 'xero', err: error }, 'simulator failure'),
  });
  return {
    name: 'xero',
    host: config.SIMULATOR_HOST,
    port: config.XERO_SIM_PORT,
    handler: simulator.handler,
    describe: () => ({
      seed: simulator.control.random.currentSeed,
      rateLimit: simulator.control.rateLimiter.view().enabled,
      demoTenantId: simulator.demoTenantId,
      webhook: simulator.webhooks.view().status,
    }),
    close: () => simulator.close(),
  };
}
