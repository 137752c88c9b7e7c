-- Indexes a session's expiry when its bucket's TTL must grow: ZADD to the bucket, and the bucket's
-- own TTL set when it has none and pushed out when this session outlives it (an hour past the expiry
-- and grace, so a sweep can still find it). One command where Redisson's expire helpers made three.
-- (When this node pushed the TTL far enough recently, a ZADD alone is sent.)
-- KEYS[1] the bucket; ARGV[1] the expiry time (the score); ARGV[2] the session's digest (the member);
-- ARGV[3] the bucket's TTL in ms.
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3], 'NX')
redis.call('PEXPIRE', KEYS[1], ARGV[3], 'GT')
return 1
