import { defineEnv, int, redisEnv } from '@concord/config';

/**
 * The API's rate limits. The defaults sit far above what the test suites, the benchmarks and the
 * console send, so they only stop floods; a deployment tunes them to its clients. With REDIS_URL
 * every replica counts against the same budgets; without it each process counts alone.
 */
export const rateLimitsEnv = defineEnv({
  ...redisEnv,
  /** Requests per second one API key may make (bursts of the same size). */
  RATE_LIMIT_PER_KEY_PER_SECOND: int({ default: 5000, min: 1, max: 1_000_000 }),
  /** Requests per second one client address may make, authenticated or not. */
  RATE_LIMIT_PER_ADDRESS_PER_SECOND: int({ default: 10_000, min: 1, max: 1_000_000 }),
  /** Failed authentications per minute under one key id before further failures get 429. */
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: int({ default: 10, min: 1, max: 100_000 }),
  /**
   * Proxies in front of the API whose X-Forwarded-For entries are trusted (0: none, the client is
   * the peer address). A forwarded address is only believed through this many hops.
   */
  TRUST_PROXY_HOPS: int({ default: 0, min: 0, max: 10 }),
});
