import { defineEnv, type EnvConfig, str } from '@concord/config';
import { connectorEnv } from '@concord/connector-kit';

/** Everything connector-xero reads from its environment, validated before it boots. */
export const xeroConnectorEnv = defineEnv({
  ...connectorEnv({ service: 'connector-xero', port: 3103 }),
  /**
   * The app's webhook signing key (one per Xero app, not per organisation). Unset: every delivery,
   * the intent-to-receive check included, is refused with 401.
   */
  XERO_WEBHOOK_KEY: str({ optional: true, secret: true }),
});

export type XeroConnectorConfig = EnvConfig<typeof xeroConnectorEnv>;
