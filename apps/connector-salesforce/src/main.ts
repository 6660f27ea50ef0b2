import 'reflect-metadata';

import { allowedLoopbackFromEnv, runConnector } from '@concord/connector-kit';

import { salesforceConnectorEnv } from './config/salesforce-connector-env';
import { salesforceConnectorDefinition } from './salesforce-connector.definition';

runConnector({
  service: 'connector-salesforce',
  env: salesforceConnectorEnv,
  source: process.env,
  parts: (config) => ({
    definition: salesforceConnectorDefinition({
      perSecond: config.SALESFORCE_RATE_LIMIT_PER_SECOND,
      // Salesforce names the instance to call in its token answer: checked against the same list.
      allowedLoopback: allowedLoopbackFromEnv(config),
      apiVersion: config.SALESFORCE_API_VERSION,
    }),
  }),
});
