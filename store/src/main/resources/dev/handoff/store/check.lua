-- Check a node's copy of a session against Redis and, optionally, extend the session's life.
-- KEYS[1] session hash
-- ARGV[1] the version the node holds, ARGV[2] new last access time (ms) or '' for none,
-- ARGV[3] expiry grace (ms).
-- Returns {-1} when gone; {version, lastAccess, maxInactive} when the copy is current;
-- {version, field, value, ...} (the whole session) when it is stale.
local v = redis.call('HGET', KEYS[1], 'v')
if not v or redis.call('HEXISTS', KEYS[1], 'cl') == 1 then
  return {-1}
end
if ARGV[2] ~= '' then
  local now = tonumber(ARGV[2])
  if now > tonumber(redis.call('HGET', KEYS[1], 'la')) then
    local mi = tonumber(redis.call('HGET', KEYS[1], 'mi'))
    local ex = now + 2592000000
    if mi > 0 then ex = now + mi * 1000 end
    redis.call('HSET', KEYS[1], 'la', now, 'ex', ex)
    redis.call('PEXPIRE', KEYS[1], ex - now + tonumber(ARGV[3]))
  end
end
if v == ARGV[1] then
  return {tonumber(v), redis.call('HGET', KEYS[1], 'la'), redis.call('HGET', KEYS[1], 'mi')}
end
local all = redis.call('HGETALL', KEYS[1])
table.insert(all, 1, tonumber(v))
return all
