import { defineEnv, type EnvConfig, int, str } from '@concord/config';
import { connectorEnv } from '@concord/connector-kit';

/** Everything connector-xero reads from its environment, validated before it boots. */
export const xeroConnectorEnv = defineEnv({
  ...connectorEnv({ service: 'connector-xero', port: 3103 }),
  /**
   * The app's webhook signing key (one per Xero app, not per organisation). Unset: every delivery,
   * the intent-to-receive check included, is refused with 401.
   */
  XERO_WEBHOOK_KEY: str({ optional: true, secret: true }),
  /**
   * The calls an organisation may take in a rolling minute (Xero's limit: 60). Only raise it
   * against a Xero simulator with its limits off (the chaos suite does, to keep its short run
   * short); a real organisation refuses more with 429.
   */
  XERO_CALLS_PER_MINUTE: int({ default: 60, min: 6, max: 6000 }),
});

export type XeroConnectorConfig = EnvConfig<typeof xeroConnectorEnv>;
