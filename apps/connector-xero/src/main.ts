import 'reflect-metadata';

import { runConnector } from '@concord/connector-kit';

import { xeroConnectorEnv } from './config/xero-connector-env';
import { XERO_WEBHOOK_KEY, XeroWebhookController } from './inbound/xero-webhook.controller';
import { xeroConnectorDefinition } from './xero-connector.definition';

runConnector({
  service: 'connector-xero',
  env: xeroConnectorEnv,
  source: process.env,
  parts: (config) => ({
    definition: xeroConnectorDefinition({
      webhookKey: config.XERO_WEBHOOK_KEY,
      callsPerMinute: config.XERO_CALLS_PER_MINUTE,
    }),
    // Xero has one webhook URL per app, not per connection: a route of the app's own.
    extras: {
      controllers: [XeroWebhookController],
      providers: [{ provide: XERO_WEBHOOK_KEY, useValue: config.XERO_WEBHOOK_KEY }],
    },
  }),
});
