-- The rules every session script shares, prepended to read.lua and save.lua by the store (Scripts).
-- {{UNLIMITED_KEEP_MS}} is replaced by SessionRecord.UNLIMITED_KEEP_MILLIS, {{MAX_FIELDS}} by
-- RedisSessionStore.MAX_FIELDS: one constant in Java and Lua.

-- A session hash with more fields than any session has (a planted one) is refused before its
-- fields are listed: HLEN is O(1), HKEYS and HGETALL of 200,000 fields stall Redis for everyone.
local function too_many_fields(key)
  local n = redis.call('HLEN', key)
  if n > {{MAX_FIELDS}} then
    return n
  end
  return nil
end

-- The expiry time of a session last accessed at la (ms) with an inactivity limit of mi seconds;
-- mi <= 0 means no limit: kept {{UNLIMITED_KEEP_MS}} ms after its last access, then its TTL removes it.
local function expiry_of(la, mi)
  if mi > 0 then
    return la + mi * 1000
  end
  return la + {{UNLIMITED_KEEP_MS}}
end

-- Gone for every read and save: absent, claimed for expiry, or past its expiry time (with a limit),
-- whether or not a sweep has claimed it yet.
local function gone(key, now)
  local ex = tonumber(redis.call('HGET', key, 'ex'))
  if not ex or redis.call('HEXISTS', key, 'cl') == 1 then
    return true
  end
  return ex <= now and tonumber(redis.call('HGET', key, 'mi') or '0') > 0
end

-- Fields that count toward maxSessionBytes: attribute values and the login.
local function counted(field)
  return field == 'pr' or string.sub(field, 1, 2) == 'a:'
end

