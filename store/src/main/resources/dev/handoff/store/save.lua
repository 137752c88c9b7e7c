-- Write one request's changes to a session that still exists and is not being expired.
-- KEYS[1] session hash
-- ARGV[1] now (ms), ARGV[2] expiry grace (ms), ARGV[3] maxSessionBytes (the whole session: attribute
-- values and the login), ARGV[4] bytes each value carries beyond its content (a seal's), ARGV[5] n:
-- number of field/value pairs, ARGV[6] this write's token, ARGV[7] the writing reader's id,
-- ARGV[8] the reader channel prefix, ARGV[9] the session's digest, ARGV[10 .. 9+2n] field, value
-- pairs, ARGV[10+2n ..] fields to delete. The session's other readers are told the new version.
-- A write whose token is among the hash's last 8 ('wt') was applied already: a resend after its
-- reply was lost. It changes nothing and returns the current version, so that a resend that
-- arrives after another node's write cannot undo that write.
-- Returns the new version, -1 when the session is gone (invalidated, claimed, or past its expiry
-- time: the rule of read.lua, so that a late save never brings an expired session back), or
-- {-2, bytes} when the session would be above maxSessionBytes, {-3, fields} when the hash has more
-- fields than MAX_FIELDS (nothing is written either way).
if gone(KEYS[1], tonumber(ARGV[1])) then
  return {-1}
end
local fields = too_many_fields(KEYS[1])
if fields then
  return {-3, fields}
end
local token = ARGV[6]
local recent = redis.call('HGET', KEYS[1], 'wt')
if recent and string.find(' ' .. recent .. ' ', ' ' .. token .. ' ', 1, true) then
  return {tonumber(redis.call('HGET', KEYS[1], 'v'))}
end
local n = tonumber(ARGV[5])
local overhead = tonumber(ARGV[4])
local sizes = {}
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if counted(field) then sizes[field] = math.max(0, redis.call('HSTRLEN', KEYS[1], field) - overhead) end
end
for i = 10, 9 + 2 * n, 2 do
  if counted(ARGV[i]) then sizes[ARGV[i]] = math.max(0, #ARGV[i + 1] - overhead) end
end
for i = 10 + 2 * n, #ARGV do
  sizes[ARGV[i]] = nil
end
local total = 0
for _, size in pairs(sizes) do total = total + size end
if total > tonumber(ARGV[3]) then
  return {-2, total}
end
if n > 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 10, 9 + 2 * n))
end
if #ARGV > 9 + 2 * n then
  redis.call('HDEL', KEYS[1], unpack(ARGV, 10 + 2 * n))
end
local tokens = {}
if recent then
  for t in string.gmatch(recent, '%S+') do table.insert(tokens, t) end
end
table.insert(tokens, token)
while #tokens > 8 do table.remove(tokens, 1) end
redis.call('HSET', KEYS[1], 'wt', table.concat(tokens, ' '))
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
local ex = expiry_of(tonumber(redis.call('HGET', KEYS[1], 'la')), tonumber(redis.call('HGET', KEYS[1], 'mi')))
redis.call('HSET', KEYS[1], 'ex', ex)
redis.call('PEXPIRE', KEYS[1], math.max(1000, ex + tonumber(ARGV[2]) - tonumber(ARGV[1])))
local readers = readers_of(KEYS[1])
announce(readers, ARGV[8], ARGV[9], v, ARGV[7])
add_reader(KEYS[1], readers, ARGV[7], ARGV[8], ARGV[9])
return {v}
