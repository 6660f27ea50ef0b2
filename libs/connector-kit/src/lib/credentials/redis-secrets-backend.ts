import type { KeyRing } from '@concord/auth';

import { RedisLeases } from '../budget/lease';
import { LeaseLock } from '../budget/lease-lock';
import { createRedisClient } from '../budget/redis-client';
import type { SecretsBackend } from './connection-secrets';
import { RedisSharedValues } from './shared-values';

/**
 * A `SecretsBackend` on its own Redis connection, as the runtime builds one from its
 * infrastructure: for tests and hosts that run several "replicas" in one process.
 */
export async function connectRedisSecretsBackend(options: {
  redisUrl: string;
  namespace: string;
  keyRing: KeyRing;
}): Promise<SecretsBackend & { close(): Promise<void> }> {
  const redis = createRedisClient(options.redisUrl);
  await redis.connect();
  return {
    values: new RedisSharedValues(redis, options.namespace),
    lock: new LeaseLock(new RedisLeases(redis, options.namespace)),
    keyRing: options.keyRing,
    close: async () => {
      await redis.quit().catch(() => undefined);
    },
  };
}
