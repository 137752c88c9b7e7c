-- The one read of a session: a load (no known version) or a check of a node's copy, with one rule
-- for expiry, touch and claim.
-- KEYS[1] session hash
-- ARGV[1] the version the node holds, 0 for a load, or -1 to ask only whether it exists; ARGV[2] now (ms); ARGV[3] '1' to touch
-- (extend the session's life from now), '0' not to; ARGV[4] expiry grace (ms); ARGV[5] maxSessionBytes;
-- ARGV[6] bytes each value carries beyond its content (a seal's); ARGV[7] this reader's id ('' for
-- none), ARGV[8] the reader channel prefix, ARGV[9] the session's digest: a copy read or checked
-- here makes its reader one of the session's readers (readers.lua).
-- Returns {0} when the session is gone: absent, claimed for expiry, or past its expiry time (also
-- before any sweep claimed it; a touch never brings it back; a session with no inactivity limit,
-- mi <= 0, never expires this way: its TTL removes it 30 days after its last access); {1, version, lastAccess, maxInactive}
-- when the node's copy is current (or only existence was asked); {2, version, field, value, ...} (the whole hash) otherwise;
-- {3, bytes} instead of the hash when its attribute values and login are above maxSessionBytes (counted without reading them);
-- {4, fields} when the hash has more fields than MAX_FIELDS (counted with HLEN, nothing listed).
local v = redis.call('HGET', KEYS[1], 'v')
local now = tonumber(ARGV[2])
if not v or gone(KEYS[1], now) then
  return {0}
end
if ARGV[3] == '1' and now > tonumber(redis.call('HGET', KEYS[1], 'la')) then
  local ex = expiry_of(now, tonumber(redis.call('HGET', KEYS[1], 'mi')))
  redis.call('HSET', KEYS[1], 'la', now, 'ex', ex)
  redis.call('PEXPIRE', KEYS[1], ex - now + tonumber(ARGV[4]))
end
if ARGV[1] ~= '-1' then
  add_reader(KEYS[1], readers_of(KEYS[1]), ARGV[7], ARGV[8], ARGV[9])
end
if v == ARGV[1] or ARGV[1] == '-1' then
  return {1, tonumber(v), redis.call('HGET', KEYS[1], 'la'), redis.call('HGET', KEYS[1], 'mi')}
end
local fields = too_many_fields(KEYS[1])
if fields then
  return {4, fields}
end
local total = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if counted(field) then total = total + math.max(0, redis.call('HSTRLEN', KEYS[1], field) - tonumber(ARGV[6])) end
end
if total > tonumber(ARGV[5]) then
  return {3, total}
end
local all = redis.call('HGETALL', KEYS[1])
table.insert(all, 1, 2)
table.insert(all, 2, tonumber(v))
return all
