import { defineEnv, type EnvConfig, int, str } from '@concord/config';
import { connectorEnv } from '@concord/connector-kit';

/** Everything connector-salesforce reads from its environment, validated before it boots. */
export const salesforceConnectorEnv = defineEnv({
  ...connectorEnv({ service: 'connector-salesforce', port: 3102 }),
  /**
   * Requests per second per tenant. Salesforce limits a day (the org's allocation) and concurrent
   * long requests rather than a rate; this keeps one tenant from spending its day in minutes.
   */
  SALESFORCE_RATE_LIMIT_PER_SECOND: int({ default: 10, min: 1, max: 100 }),
  /** REST API version every call uses (jsforce's `version`). */
  SALESFORCE_API_VERSION: str({
    default: '62.0',
    pattern: { regex: /^\d{2}\.0$/, description: 'a REST API version such as 62.0' },
  }),
});

export type SalesforceConnectorConfig = EnvConfig<typeof salesforceConnectorEnv>;
