-- Delete a session (invalidation), telling its readers that it is gone.
-- KEYS[1] session hash; ARGV[1] reader channel prefix, ARGV[2] digest, ARGV[3] the deleting reader.
-- Returns 1 when deleted, 0 when it was not there.
announce(readers_of(KEYS[1]), ARGV[1], ARGV[2], '-1', ARGV[3])
return redis.call('DEL', KEYS[1])
