import {
  MemoryRateLimitStore,
  type RateLimitStore,
  RedisRateLimitStore,
} from '@concord/rate-limits';
import { Logger, type Provider } from '@nestjs/common';
import Redis from 'ioredis';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

/**
 * Redis when REDIS_URL is set, so every replica shares each budget; else one process's counts,
 * said once at start. Keys live under the catalog database's name, so deployments (and test
 * runs) sharing one Redis never share budgets.
 */
export const rateLimitStoreProvider: Provider = {
  provide: RATE_LIMIT_STORE,
  inject: [CATALOG_CONFIG],
  useFactory: (config: CatalogConfig): RateLimitStore => {
    if (!config.REDIS_URL) {
      new Logger('ApiRateLimits').warn(
        'REDIS_URL is not set: API rate limits are counted per process; run a single replica',
      );
      return new MemoryRateLimitStore();
    }
    const redis = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
    });
    return new RedisRateLimitStore(redis, `concord:${config.CATALOG_DATABASE}`);
  },
};
