-- Renew an expiry claim while its listeners run, only if this claim still holds the session.
-- KEYS[1] session hash; ARGV[1] now (ms), ARGV[2] claim token. Returns 1 when renewed, else 0.
local claim = redis.call('HGET', KEYS[1], 'cl')
if claim and string.match(claim, '^%d+ (.*)$') == ARGV[2] then
  redis.call('HSET', KEYS[1], 'cl', ARGV[1] .. ' ' .. ARGV[2])
  return 1
end
return 0
