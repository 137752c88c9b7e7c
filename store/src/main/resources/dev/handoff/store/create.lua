-- Create a session only if its key does not exist (a new id never overwrites another session).
-- KEYS[1] session hash; ARGV[1] TTL in ms; ARGV[2] the node copy's create token; ARGV[3] the
-- creating reader's id, ARGV[4] the reader channel prefix, ARGV[5] the session's digest; ARGV[6..]
-- field, value pairs of every field but the version (the token's field 'tk' among them).
-- Returns 1 when created; the new version when the hash exists and carries this token (a resent
-- create whose first attempt succeeded, or a retry after a reply that never came: the record is
-- written over it, as a save of every field); 0 when another session holds the id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'tk') ~= ARGV[2] or redis.call('HEXISTS', KEYS[1], 'cl') == 1 then
    return 0
  end
  redis.call('HSET', KEYS[1], unpack(ARGV, 6))
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
  local readers = readers_of(KEYS[1])
  announce(readers, ARGV[4], ARGV[5], v, ARGV[3])
  add_reader(KEYS[1], readers, ARGV[3], ARGV[4], ARGV[5])
  return v
end
redis.call('HSET', KEYS[1], 'v', 1, unpack(ARGV, 6))
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'rd', ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
