/**
 * One atomic decision: revocation check, then an exact sliding-window log. A sorted set holds one
 * member per counted request scored by Redis server time in microseconds, so concurrent gateways
 * (and their clocks) cannot over-admit: the count and the insert happen inside one script.
 * Chosen over the two-window weighted counter, which is cheaper but only approximates the window
 * and would let a burst at a window edge through.
 *
 * KEYS[1] window set, KEYS[2] (optional) revocation key.
 * ARGV[1] limit, ARGV[2] window in microseconds, ARGV[3] unique member suffix.
 * Returns {status, remaining, reset_us}: status 1 allowed, 0 refused, -1 revoked.
 */
export const SLIDING_WINDOW_SCRIPT = `
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then
  return {-1, 0, 0}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local status = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
  count = count + 1
  status = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then
  reset = tonumber(oldest[2]) + window - now
end
return {status, limit - count, reset}
`;
