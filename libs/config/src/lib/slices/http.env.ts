import { duration } from '../fields/duration.field';
import { port } from '../fields/int.field';
import { str } from '../fields/str.field';
import { defineEnv } from '../load-env';

/** The HTTP listener. Apps override PORT's default with their own port. */
export const httpEnv = defineEnv({
  PORT: port({ default: 3000 }),
  HOST: str({ default: '127.0.0.1' }),
  /**
   * After SIGTERM the app reports not ready and keeps serving this long before it stops, so the
   * load balancer stops sending it work first (Kubernetes: a few seconds, within the grace period).
   */
  SHUTDOWN_DELAY_MS: duration({ default: 0, min: 0, max: 120_000 }),
});
