package dev.handoff.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when Redis lost Handoff's data: restarted without persistence, flushed, or failed over
 * to a node that had no replica of it. The store keeps a marker key (a random epoch, written once,
 * its TTL renewed by every check; not {@code CONFIG} or {@code INFO}, which ElastiCache restricts). When it is gone, or
 * holds another epoch than the one this node saw (another node found it gone first and wrote a new
 * one), the data this node saw is gone: one warning, a new marker, and the listeners are told, so
 * that the adapter writes back the sessions it holds. Checked every few seconds, when Redis
 * answers again, and when a session this node holds is found missing.
 */
final class DataMarker {

  private static final Logger LOG = LoggerFactory.getLogger(DataMarker.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * The marker's TTL, renewed by every check (GETEX): longer than any session lives, so that it
   * outlives them while a node runs, and goes with them when nobody uses the namespace any more.
   */
  private static final java.time.Duration LIFE = java.time.Duration.ofMillis(SessionRecord.UNLIMITED_KEEP_MILLIS)
      .plusDays(1);

  private final RedissonClient redis;
  private final RedisCalls calls;
  private final String key;
  private final String namespace;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** The epoch this node last saw in Redis; null before the first check. */
  private String seen;

  DataMarker(RedissonClient redis, RedisCalls calls, Keys keys, String namespace) {
    this.redis = redis;
    this.calls = calls;
    this.key = keys.marker();
    this.namespace = namespace;
  }

  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Reads the marker (one round trip; two when it must be written). True when Redis lost the data
   * this node saw: the warning is logged and the listeners told, once per loss.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  synchronized boolean check() {
    var bucket = redis.<String>getBucket(key, StringCodec.INSTANCE);
    String now = calls.run("read the data marker", () -> bucket.getAndExpireAsync(LIFE));
    if (now == null) {
      byte[] epoch = new byte[8];
      RANDOM.nextBytes(epoch);
      String fresh = HexFormat.of().formatHex(epoch);
      boolean written = calls.run("write the data marker", () -> bucket.setIfAbsentAsync(fresh, LIFE));
      now = written ? fresh : calls.run("read the data marker", bucket::getAsync);
    }
    String before = seen;
    seen = now;
    if (before == null || before.equals(now)) {
      return false;
    }
    LOG.warn("[{}] Redis lost Handoff's data (its marker is gone: restarted without persistence, flushed, or failed"
        + " over to a node without a replica of it); the sessions this node holds in memory are written back",
        namespace);
    listeners.forEach(Runnable::run);
    return true;
  }

  /** {@link #check()}, for background use: an unreachable Redis is checked again later. */
  void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.debug("[{}] data marker not checked: {}", namespace, e.toString());
    }
  }
}
