import { defineEnv, type EnvConfig, int } from '@concord/config';
import { connectorEnv } from '@concord/connector-kit';

/** Everything connector-stripe reads from its environment, validated before it boots. */
export const stripeConnectorEnv = defineEnv({
  ...connectorEnv({ service: 'connector-stripe', port: 3101 }),
  /** Stripe's test-mode limit is 25 requests/s; live mode 100. */
  STRIPE_RATE_LIMIT_PER_SECOND: int({ default: 20, min: 1, max: 100 }),
});

export type StripeConnectorConfig = EnvConfig<typeof stripeConnectorEnv>;
