-- Delete an expired session once its listeners ran, only if this claim still holds it: a node
-- whose claim was taken over (it stalled past the hold) deletes nothing of the new claimer's.
-- KEYS[1] session hash; ARGV[1] claim token. Returns 1 when deleted, else 0.
local claim = redis.call('HGET', KEYS[1], 'cl')
if claim and string.match(claim, '^%d+ (.*)$') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
