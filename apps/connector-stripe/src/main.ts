import 'reflect-metadata';

import { runConnector } from '@concord/connector-kit';

import { stripeConnectorEnv } from './config/stripe-connector-env';
import { stripeConnectorDefinition } from './stripe-connector.definition';

runConnector({
  service: 'connector-stripe',
  env: stripeConnectorEnv,
  source: process.env,
  parts: (config) => ({
    definition: stripeConnectorDefinition({ perSecond: config.STRIPE_RATE_LIMIT_PER_SECOND }),
  }),
});
