-- Create a session only if its key does not exist (a new id never overwrites anything).
-- KEYS[1] session hash; ARGV[1] TTL in ms; ARGV[2..] field, value pairs.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
