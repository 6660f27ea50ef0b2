/**
 * Takes one token from a bucket kept in a Redis hash, atomically, on Redis's own clock (so
 * replicas with skewed clocks share one notion of time). KEYS: bucket, window counter prefix.
 * ARGV: tokens per ms, burst, reserve (tokens the caller's lane must leave). Returns 0 when a token
 * was taken, else the milliseconds to wait.
 */
export const TAKE_TOKEN_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local reserve = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
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
elseif tokens >= 1 + reserve then
  tokens = tokens - 1
  local window = KEYS[2] .. math.floor(now / 1000)
  redis.call('INCR', window)
  redis.call('PEXPIRE', window, 5000)
else
  wait = math.ceil((1 + reserve - tokens) / rate)
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
