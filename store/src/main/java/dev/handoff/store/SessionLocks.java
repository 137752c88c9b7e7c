package dev.handoff.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Per-session locks: {@code SET key token NX PX lease}, retried with a growing pause (5 ms to
 * 100 ms) until lockWait has passed; released by a script that deletes the key only if it still
 * holds this owner's token.
 */
final class SessionLocks {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedissonClient redis;
  private final Keys keys;
  private final RedisCalls calls;
  private final Duration lease;
  private final Duration wait;

  SessionLocks(RedissonClient redis, Keys keys, RedisCalls calls, StoreConfig config) {
    this.redis = redis;
    this.keys = keys;
    this.calls = calls;
    this.lease = config.lockLease();
    this.wait = config.lockWait();
  }

  Optional<SessionLock> acquire(String id) {
    String key = keys.lock(keys.digest(id));
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    String token = HexFormat.of().formatHex(nonce);
    long deadline = System.nanoTime() + wait.toNanos();
    long pauseMs = 5;
    while (true) {
      boolean taken = calls.run("lock " + SessionIds.forLog(id),
          () -> redis.<String>getBucket(key, StringCodec.INSTANCE).setIfAbsentAsync(token, lease));
      if (taken) {
        return Optional.of(() -> calls.run("unlock " + SessionIds.forLog(id), () -> redis.getScript(StringCodec.INSTANCE)
            .evalAsync(key, RScript.Mode.READ_WRITE, Scripts.UNLOCK, RScript.ReturnType.LONG, List.of(key), token)));
      }
      if (System.nanoTime() + pauseMs * 1_000_000 > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      pauseMs = Math.min(100, pauseMs * 2);
    }
  }
}
