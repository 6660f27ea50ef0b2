import { RateLimitedError, RateLimitedErrorCode } from '@concord/errors';
import type { RateLimitStore, RateRule } from '@concord/rate-limits';
import { Inject, Injectable } from '@nestjs/common';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { RATE_LIMIT_STORE } from './rate-limit-store.provider';

function tooMany(what: string, retryAfterMs: number): RateLimitedError {
  return new RateLimitedError(
    RateLimitedErrorCode.TOO_MANY_REQUESTS,
    `Too many requests ${what}; retry after the time in Retry-After`,
    Math.max(1000, retryAfterMs),
  );
}

/** The API's limits: per client address, per API key, and failed authentications per key id. */
@Injectable()
export class ApiRateLimits {
  private readonly perAddress: RateRule;
  private readonly perKey: RateRule;
  private readonly authFailures: RateRule;

  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(CATALOG_CONFIG) config: CatalogConfig,
  ) {
    this.perAddress = { limit: config.RATE_LIMIT_PER_ADDRESS_PER_SECOND, windowMs: 1000 };
    this.perKey = { limit: config.RATE_LIMIT_PER_KEY_PER_SECOND, windowMs: 1000 };
    this.authFailures = { limit: config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE, windowMs: 60_000 };
  }

  /** Counts a request from `address`; 429 past the address's limit. */
  async admitAddress(address: string): Promise<void> {
    const decision = await this.store.hit(`address:${address}`, this.perAddress);
    if (!decision.allowed) throw tooMany('from this address', decision.retryAfterMs);
  }

  /** Counts a request made with an authenticated key; 429 past the key's limit. */
  async admitKey(apiKeyId: string): Promise<void> {
    const decision = await this.store.hit(`key:${apiKeyId}`, this.perKey);
    if (!decision.allowed) throw tooMany('with this API key', decision.retryAfterMs);
  }

  /** Whether failures under `keyId` are being throttled now (counts nothing). */
  async authFailuresThrottled(keyId: string): Promise<RateLimitedError | null> {
    const decision = await this.store.peek(`auth-failures:${keyId}`, this.authFailures);
    return decision.allowed ? null : tooMany('failing to authenticate', decision.retryAfterMs);
  }

  /** Counts a failed authentication under `keyId`; the 429 to answer once past the limit. */
  async noteAuthFailure(keyId: string): Promise<RateLimitedError | null> {
    const decision = await this.store.hit(`auth-failures:${keyId}`, this.authFailures);
    return decision.allowed ? null : tooMany('failing to authenticate', decision.retryAfterMs);
  }
}
