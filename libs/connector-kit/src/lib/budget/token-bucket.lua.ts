/**
 * Takes one token from a bucket kept in a Redis hash, atomically, on Redis's own clock (so
 * replicas with skewed clocks share one notion of time). KEYS: bucket, window counter prefix,
 * live waiters (a sorted set: waiter id scored by when its registration lapses). ARGV: tokens per
 * ms, burst, reserve (tokens the backfill lane must leave), lane, waiter id, registration margin
 * in ms. Live calls go first: a live call that gets no token is registered as waiting, and the
 * backfill lane needs one token more per live call waiting. Returns 0 when a token was taken,
 * else the milliseconds to wait.
 */
export const TAKE_TOKEN_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local reserve = tonumber(ARGV[3])
local live = ARGV[4] == 'live'
local waiter = ARGV[5]
local margin = tonumber(ARGV[6])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local need = 1
if not live then need = 1 + reserve + redis.call('ZCARD', KEYS[3]) end
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'blocked')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
local blocked = tonumber(state[3]) or 0
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate)
  at = now
end
local wait = 0
if blocked > now then
  wait = blocked - now
elseif tokens >= need then
  tokens = tokens - 1
  local window = KEYS[2] .. math.floor(now / 1000)
  redis.call('INCR', window)
  redis.call('PEXPIRE', window, 5000)
else
  wait = math.ceil((need - tokens) / rate)
end
if live then
  if wait > 0 then
    redis.call('ZADD', KEYS[3], now + wait + margin, waiter)
    redis.call('PEXPIRE', KEYS[3], wait + margin + 1000)
  else
    redis.call('ZREM', KEYS[3], waiter)
  end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at), 'blocked', tostring(blocked))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 60000)
return wait
`;

/** Blocks a bucket until Redis time + ARGV[1] ms (keeps a later block already there). */
export const COOL_DOWN_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked')) or 0
local untilMs = now + tonumber(ARGV[1])
if untilMs > blocked then redis.call('HSET', KEYS[1], 'blocked', tostring(untilMs)) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) + 60000)
return 1
`;

/** Tokens granted in the current second (by Redis time). KEYS: window counter prefix. */
export const WINDOW_USAGE_LUA = `
local t = redis.call('TIME')
return tonumber(redis.call('GET', KEYS[1] .. t[1])) or 0
`;
