-- Write one request's changes to a session that still exists and is not being expired.
-- KEYS[1] session hash
-- ARGV[1] now (ms), ARGV[2] expiry grace (ms), ARGV[3] n: number of field/value pairs that follow,
-- ARGV[4 .. 3+2n] field, value pairs, ARGV[4+2n ..] fields to delete.
-- Returns the new version, or -1 when the session is gone (invalidated, claimed, or past its expiry
-- time: the rule of read.lua, so that a late save never brings an expired session back).
local expiry = tonumber(redis.call('HGET', KEYS[1], 'ex'))
local limited = tonumber(redis.call('HGET', KEYS[1], 'mi') or '0') > 0
if not expiry or (limited and expiry <= tonumber(ARGV[1])) or redis.call('HEXISTS', KEYS[1], 'cl') == 1 then
  return -1
end
local n = tonumber(ARGV[3])
if n > 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 4, 3 + 2 * n))
end
if #ARGV > 3 + 2 * n then
  redis.call('HDEL', KEYS[1], unpack(ARGV, 4 + 2 * n))
end
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
local la = tonumber(redis.call('HGET', KEYS[1], 'la'))
local mi = tonumber(redis.call('HGET', KEYS[1], 'mi'))
local ex = la + 2592000000
if mi > 0 then ex = la + mi * 1000 end
redis.call('HSET', KEYS[1], 'ex', ex)
redis.call('PEXPIRE', KEYS[1], math.max(1000, ex + tonumber(ARGV[2]) - tonumber(ARGV[1])))
return v
