import { defineEnv, EnvConfig, int, logEnv, str } from '@concord/config';

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
});

export type SimulatorConfig = EnvConfig<typeof simulatorEnv>;
