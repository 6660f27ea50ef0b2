import { withRule } from '../fields/field-rule';
import { file } from '../fields/file.field';
import { url } from '../fields/url.field';
import { defineEnv } from '../load-env';

/**
 * Redis for shared budgets and locks; unset means a single replica with in-process fallbacks. A
 * password goes in the URL (`rediss://:password@host:6380/0`, masked in logs); `rediss:` is TLS.
 */
export const redisEnv = defineEnv({
  REDIS_URL: url({ protocols: ['redis:', 'rediss:'], optional: true }),
  /** PEM CA bundle that signs the Redis server's certificate (a private CA). */
  REDIS_TLS_CA_FILE: withRule(file({ optional: true }), (_, env) =>
    /^rediss:/i.test(env['REDIS_URL']?.trim() ?? '')
      ? undefined
      : 'requires REDIS_URL with scheme rediss: (TLS)',
  ),
});
