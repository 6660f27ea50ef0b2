import { readFileSync } from 'node:fs';

import { Redis } from 'ioredis';

/**
 * The connector's Redis client (not connected yet: call `connect()`). A password travels in the
 * URL (`rediss://:password@host:6380/0`); a `rediss:` URL makes ioredis use TLS, verifying the
 * server against the system CAs, or against `tlsCaFile` (REDIS_TLS_CA_FILE) when given.
 */
export function createRedisClient(url: string, tlsCaFile?: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
    ...(tlsCaFile ? { tls: { ca: readFileSync(tlsCaFile) } } : {}),
  });
}
