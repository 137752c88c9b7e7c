-- Readers: the store instances (one per application on a node) that hold a copy of a session and are
-- told over pub/sub of every write to it, so that they can serve their copy without asking Redis
-- (RedisSessionStore, Announcements). Prepended to the scripts that read or write a session hash.
-- Field 'rd': reader ids separated by spaces, at most {{MAX_READERS}}; each reader listens on the
-- channel prefix .. id. Messages: '<digest> <version>' (a write), '<digest> -1' (gone: deleted or
-- claimed for expiry), '<digest> -2' (no longer told: pushed out of a full list).

-- The session's readers field as stored (false when it has none): read once by a script and given
-- to announce and add_reader.
local function readers_of(key)
  return redis.call('HGET', key, 'rd')
end

-- Adds reader (an id, or '' for none) to the session's readers rd (as readers_of read them); when
-- the list is full, the oldest is told that it is no longer told.
local function add_reader(key, rd, reader, prefix, digest)
  if reader == '' then
    return
  end
  if rd and string.find(' ' .. rd .. ' ', ' ' .. reader .. ' ', 1, true) then
    return
  end
  local list = {}
  if rd then
    for r in string.gmatch(rd, '%S+') do table.insert(list, r) end
  end
  table.insert(list, reader)
  while #list > {{MAX_READERS}} do
    redis.call('PUBLISH', prefix .. table.remove(list, 1), digest .. ' -2')
  end
  redis.call('HSET', key, 'rd', table.concat(list, ' '))
end

-- Tells every reader in rd (as readers_of read them) but the writer: message is a version, or -1 for gone.
local function announce(rd, prefix, digest, message, writer)
  if not rd then
    return
  end
  for r in string.gmatch(rd, '%S+') do
    if r ~= writer then
      redis.call('PUBLISH', prefix .. r, digest .. ' ' .. message)
    end
  end
end
