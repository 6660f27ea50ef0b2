import type { Redis } from 'ioredis';

import type { RateDecision, RateLimitStore, RateRule } from './rate-limit-store';

/**
 * `gcra` in Lua: the check and the take are one atomic step on Redis's clock, so every replica
 * counts against the same bucket and no replica's clock matters. Returns {allowed, remaining,
 * retryAfterMs}.
 */
const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local emission = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local count = ARGV[3] == '1'
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local nextTat = tat + emission
local allowAt = nextTat - window
if allowAt > now then
  return {0, 0, math.ceil(allowAt - now)}
end
if count then
  redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.max(1, math.ceil(nextTat - now)))
end
local remaining = math.floor((window - (nextTat - now)) / emission)
if remaining < 0 then remaining = 0 end
return {1, remaining, 0}
`;

/** Counts shared by every replica through Redis, one key per limited thing under `namespace`. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly mode = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  hit(key: string, rule: RateRule): Promise<RateDecision> {
    return this.run(key, rule, true);
  }

  peek(key: string, rule: RateRule): Promise<RateDecision> {
    return this.run(key, rule, false);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  private async run(key: string, rule: RateRule, count: boolean): Promise<RateDecision> {
    const [allowed, remaining, retryAfterMs] = (await this.redis.eval(
      GCRA_LUA,
      1,
      `${this.namespace}:rate:${key}`,
      String(rule.windowMs / rule.limit),
      String(rule.windowMs),
      count ? '1' : '0',
    )) as [number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs };
  }
}
