import type { RateLimitStore } from '@concord/rate-limits';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';

import { ApiRateLimits } from './api-rate-limits.service';
import { RATE_LIMIT_STORE, rateLimitStoreProvider } from './rate-limit-store.provider';

/** The API's rate limits, shared across replicas through Redis (see `rate-limits.env.ts`). */
@Module({
  providers: [rateLimitStoreProvider, ApiRateLimits],
  exports: [ApiRateLimits],
})
export class RateLimitsModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
