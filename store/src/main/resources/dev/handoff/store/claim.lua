-- Claim an expired session for expiry processing, so that exactly one node fires its listeners.
-- KEYS[1] session hash; ARGV[1] now (ms), ARGV[2] claim token (node, nonce and claim number),
-- ARGV[3] how long a claim holds (ms) before another node may take over from a node that died;
-- ARGV[4] the reader channel prefix, ARGV[5] the session's digest (its readers are told it is gone).
-- Returns {0} when the data is gone (an orphan index entry), {1, expiry} when the session is
-- still alive (re-index it), {2} when another claim holds it, {3, field, value, ...} when this
-- claim now holds it. A resend of this same claim (its reply lost) finds its own token and gets
-- the data again: the same effect as one.
local ex = redis.call('HGET', KEYS[1], 'ex')
if not ex then
  return {0}
end
if tonumber(ex) > tonumber(ARGV[1]) then
  return {1, ex}
end
local claim = redis.call('HGET', KEYS[1], 'cl')
if claim then
  local at, owner = string.match(claim, '^(%d+) (.*)$')
  if owner ~= ARGV[2] and at and tonumber(at) + tonumber(ARGV[3]) > tonumber(ARGV[1]) then
    return {2}
  end
end
if not claim then
  announce(readers_of(KEYS[1]), ARGV[4], ARGV[5], '-1', '')
end
redis.call('HSET', KEYS[1], 'cl', ARGV[1] .. ' ' .. ARGV[2])
local all = redis.call('HGETALL', KEYS[1])
table.insert(all, 1, 3)
return all
