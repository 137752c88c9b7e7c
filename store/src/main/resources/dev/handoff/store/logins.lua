-- Adds a session to the set of the sessions its user logged in to, and keeps the set at least as
-- long as ARGV[2] (never shortens it). Members are session digests, never ids; the set may name
-- sessions since logged out, expired or moved to another id: readers check each (FleetSessions).
-- KEYS[1] the user's set; ARGV[1] the session's digest; ARGV[2] the set's TTL in ms.
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
