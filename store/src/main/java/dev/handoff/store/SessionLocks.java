package dev.handoff.store;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-session locks: {@code SET key token NX PX lease}, retried with a growing pause (5 ms to
 * 100 ms) until lockWait has passed; the lease renewed every third of it while the holder runs (a
 * script that extends it only if the key still holds this owner's token); released by a script
 * that deletes the key only if it still holds the token. A renewal or release that finds another
 * token, or none, means the lock was lost: logged, and {@link SessionLock#lost()}.
 */
final class SessionLocks {

  private static final Logger LOG = LoggerFactory.getLogger(SessionLocks.class);

  private final RedissonClient redis;
  private final Keys keys;
  private final RedisCalls calls;
  private final Duration lease;
  private final Duration wait;
  private final String namespace;
  private final ScheduledExecutorService renewals;

  SessionLocks(RedissonClient redis, Keys keys, RedisCalls calls, StoreConfig config, ScheduledExecutorService renewals) {
    this.redis = redis;
    this.keys = keys;
    this.calls = calls;
    this.lease = config.lockLease();
    this.wait = config.lockWait();
    this.namespace = config.namespace();
    this.renewals = renewals;
  }

  Optional<SessionLock> acquire(String id) {
    String key = keys.lock(keys.digest(id));
    byte[] nonce = new byte[12];
    RandomBytes.fill(nonce);
    String token = HexFormat.of().formatHex(nonce);
    long deadline = System.nanoTime() + wait.toNanos();
    long pauseMs = 5;
    while (true) {
      boolean taken = calls.run("lock " + SessionIds.forLog(id),
          () -> redis.<String>getBucket(key, StringCodec.INSTANCE).setIfAbsentAsync(token, lease));
      if (taken) {
        return Optional.of(new Held(id, key, token));
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

  /** One held lock: renewed while held, released once. */
  private final class Held implements SessionLock {
    private final String id;
    private final String key;
    private final String token;
    private final long takenAt = System.nanoTime();
    private final ScheduledFuture<?> renewal;
    private volatile boolean lost;

    Held(String id, String key, String token) {
      this.id = id;
      this.key = key;
      this.token = token;
      long every = Math.max(1, lease.toMillis() / 3);
      this.renewal = renewals.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        long renewed = calls.run("renew the lock of " + SessionIds.forLog(id), () -> redis.getScript(StringCodec.INSTANCE)
            .<Long>evalShaAsync(key, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.RENEW), RScript.ReturnType.LONG, List.of(key), token,
                Long.toString(lease.toMillis())));
        if (renewed == 0) {
          reportLost("its lease could not be renewed");
          renewal.cancel(false);
        }
      } catch (RuntimeException e) {
        // Redis unreachable or slow: the next renewal tries again; the release finds out whether it held
      }
    }

    @Override
    public void close() {
      renewal.cancel(false);
      long released = calls.run("unlock " + SessionIds.forLog(id), () -> redis.getScript(StringCodec.INSTANCE)
          .<Long>evalShaAsync(key, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.UNLOCK), RScript.ReturnType.LONG, List.of(key), token));
      if (released == 0) {
        reportLost("it was no longer held at release");
      }
    }

    private void reportLost(String how) {
      if (lost) {
        return;
      }
      lost = true;
      LOG.warn("[{}] the lock of {} was lost after {} ms: {} (lockLease = {}); another request may have changed the"
          + " session meanwhile", namespace, SessionIds.forLog(id), (System.nanoTime() - takenAt) / 1_000_000, how,
          Durations.format(lease));
    }

    @Override
    public boolean lost() {
      return lost;
    }
  }
}
