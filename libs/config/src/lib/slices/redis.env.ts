import { url } from '../fields/url.field';
import { defineEnv } from '../load-env';

/** Redis for shared budgets and locks; unset means a single replica with in-process fallbacks. */
export const redisEnv = defineEnv({
  REDIS_URL: url({ protocols: ['redis:', 'rediss:'], optional: true }),
});
