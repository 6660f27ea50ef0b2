import { list } from '../fields/list.field';
import { defineEnv } from '../load-env';

/**
 * Exact `host:port` entries an app may call although they are loopback or private (the
 * simulators in development and tests); feeds `@concord/auth` OutboundUrlPolicy.allowedLoopback.
 */
export const outboundEnv = defineEnv({
  CONCORD_OUTBOUND_ALLOWED_LOOPBACK: list({
    default: [],
    item: { regex: /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, description: 'host:port' },
  }),
});
