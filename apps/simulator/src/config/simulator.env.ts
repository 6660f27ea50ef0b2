import { defineEnv, EnvConfig, int, logEnv, str, url } from '@concord/config';

/**
 * The simulator's environment. Each simulator adds its own port here; they all share the host,
 * the seed and the log settings.
 */
export const simulatorEnv = defineEnv({
  ...logEnv,
  SIMULATOR_HOST: str({ default: '127.0.0.1' }),
  /** 0 picks a free port (the log line says which). */
  STRIPE_SIM_PORT: int({ min: 0, max: 65535, default: 12111 }),
  /** Seeds generated ids and fault decisions; a random seed (logged) when unset. */
  SIM_SEED: int({ min: 0, max: 4_294_967_295, optional: true }),
  /** `on` enforces Stripe's test-mode limit of 25 operations per second per account. */
  STRIPE_SIM_RATE_LIMIT: str({ choices: ['off', 'on'], default: 'off' }),
  /** The Xero simulator's port (API under `/api.xro/2.0`, token endpoint `/connect/token`). */
  XERO_SIM_PORT: int({ min: 0, max: 65535, default: 12131 }),
  /** `on` enforces Xero's limits per organisation (60 a minute, 5 at once, 5,000 a day). */
  XERO_SIM_RATE_LIMIT: str({ choices: ['off', 'on'], default: 'off' }),
  /** Lifetime of the access tokens the token endpoint issues (Xero: 30 minutes). */
  XERO_SIM_ACCESS_TOKEN_SECONDS: int({ min: 1, max: 86_400, default: 1800 }),
  /** The app's webhook URL; verified by the intent-to-receive check before the first delivery. */
  XERO_SIM_WEBHOOK_URL: url({ protocols: ['http:', 'https:'], optional: true }),
  /** The app's webhook signing key (x-xero-signature); needed with XERO_SIM_WEBHOOK_URL. */
  XERO_SIM_WEBHOOK_KEY: str({ secret: true, optional: true }),
  /** The Salesforce simulator's port (OAuth, REST, streaming); 0 picks a free one. */
  SALESFORCE_SIM_PORT: int({ min: 0, max: 65535, default: 12121 }),
  /** The demo org's rolling 24-hour API allocation (Developer Edition: 15,000). */
  SALESFORCE_SIM_DAILY_API_LIMIT: int({ min: 1, max: 100_000_000, default: 15_000 }),
  /** How long the simulator's access tokens live (Salesforce's default session: 2 hours). */
  SALESFORCE_SIM_SESSION_SECONDS: int({ min: 1, max: 86_400 * 30, default: 7_200 }),
});

export type SimulatorConfig = EnvConfig<typeof simulatorEnv>;
