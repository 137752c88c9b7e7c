package dev.handoff.benchmarks;

import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Writes and removes the scale benchmark's sessions through the store's own {@code create} and
 * {@code delete} (so the hashes, TTLs and expiry index entries are exactly what a node writes),
 * from several threads at once. Session ids are derived from an index (32 hex characters, as
 * Tomcat's), so that live sessions {@code [0, n)} can be removed again without keeping their ids.
 */
final class ScaleSessions {

  /** Inactivity limit of the live sessions: long enough that none expires during a run. */
  static final int LIVE_MAX_INACTIVE_SECONDS = 3600;
  /** Inactivity limit of the expired sessions (Tomcat's default); their last access is this long and 1 s ago. */
  static final int EXPIRED_MAX_INACTIVE_SECONDS = 1800;

  private static final long LIVE_SEED = 0x5EED_0001L;
  private static final long EXPIRED_SEED = 0x5EED_0002L;
  private static final int CHUNK = 256;
  private static final int ATTEMPTS = 20;
  private static final long RETRY_PAUSE_MS = 500;
  private static final AtomicLong RETRIES = new AtomicLong();

  private final SessionStore store;
  private final Map<String, byte[]> attributes;
  private final int threads;
  private final String node;
  private long live;
  private long expiredCreated;

  ScaleSessions(SessionStore store, Map<String, byte[]> attributes, int threads, String node) {
    this.store = store;
    this.attributes = Map.copyOf(attributes);
    this.threads = threads;
    this.node = node;
  }

  /** Live sessions written so far (and not removed). */
  long live() {
    return live;
  }

  /** Creates or deletes live sessions until there are {@code target}. */
  void liveCount(long target) throws InterruptedException {
    if (target > live) {
      long now = System.currentTimeMillis();
      parallel(live, target, i -> create(id(LIVE_SEED, i), now, LIVE_MAX_INACTIVE_SECONDS));
    } else if (target < live) {
      parallel(target, live, i -> delete(id(LIVE_SEED, i)));
    }
    live = target;
  }

  /** Creates {@code count} sessions whose expiry passed one second ago (never created before). */
  void createExpired(long count) throws InterruptedException {
    long lastAccess = System.currentTimeMillis() - EXPIRED_MAX_INACTIVE_SECONDS * 1000L - 1000;
    long from = expiredCreated;
    parallel(from, from + count, i -> create(id(EXPIRED_SEED, i), lastAccess, EXPIRED_MAX_INACTIVE_SECONDS));
    expiredCreated += count;
  }

  private void create(String id, long lastAccess, int maxInactiveSeconds) {
    SessionRecord record = new SessionRecord(id, lastAccess, lastAccess, maxInactiveSeconds, 0, node, null, null,
        attributes);
    String token = SessionStore.newCreateToken();
    boolean created = withRetries(() -> store.create(record, token).status() == SaveResult.Status.SAVED);
    if (!created) {
      throw new IllegalStateException("session id taken: " + id.substring(0, 6) + "...; ids must be unique");
    }
  }

  private void delete(String id) {
    withRetries(() -> {
      store.delete(id);
      return true;
    });
  }

  /**
   * Runs {@code write}; when Redis does not answer in time (a 2-core machine writing a million
   * sessions from many threads can starve Redisson's event loop past the command timeout), waits
   * and tries again, up to {@link #ATTEMPTS} times. A retried create that finds its id taken means
   * the timed-out attempt did land (ids are unique by construction), so it counts as done.
   */
  private static boolean withRetries(java.util.function.BooleanSupplier write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.getAsBoolean() || attempt > 1;
      } catch (StoreUnavailableException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        RETRIES.incrementAndGet();
        try {
          Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Writes that had to be tried again since the start (see {@link #withRetries}). */
  static long retries() {
    return RETRIES.get();
  }

  /**
   * A session id like Tomcat's (32 upper-case hex digits) from {@code index}: distinct indices give
   * distinct ids (the mixing function is a bijection of 64 bits).
   */
  static String id(long seed, long index) {
    long high = mix(seed * 0x9E3779B97F4A7C15L + index);
    long low = mix(high ^ seed ^ 0xD1B54A32D192ED03L);
    return String.format("%016X%016X", high, low);
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private void parallel(long from, long to, LongConsumer operation) throws InterruptedException {
    AtomicLong next = new AtomicLong(from);
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "scale-writer");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          for (long start = next.getAndAdd(CHUNK); start < to; start = next.getAndAdd(CHUNK)) {
            for (long i = start; i < Math.min(start + CHUNK, to); i++) {
              operation.accept(i);
            }
          }
        }));
      }
      for (Future<?> worker : workers) {
        try {
          worker.get();
        } catch (java.util.concurrent.ExecutionException e) {
          next.set(to); // the others stop at their next chunk
          throw new IllegalStateException("writing sessions failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
