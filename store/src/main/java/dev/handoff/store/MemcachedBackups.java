package dev.handoff.store;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.Transcoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup copies of the Memcached store's session items (backupCopies), on another server than the
 * item's own: when that server is lost, the item is taken up again from its copy.
 *
 * <p>A copy is the item's bytes behind a stamp (the writing node's clock at the write) and a
 * tombstone flag. Copies are written off the request thread, after the item's own write, by a few
 * workers: a later copy of a session waiting replaces an earlier one, and a copy is written over
 * the one in Memcached only when it is later by its stamp ({@code gets}, then {@code cas}), so
 * copies written from two nodes, in whatever order they arrive, leave the latest. A tombstone is
 * never written over: an invalidation stays final when the item's server is lost. Copies waiting
 * beyond maxQueuedBytes are dropped (logged): the next write of the session copies it again.
 */
final class MemcachedBackups {

  private static final Logger LOG = LoggerFactory.getLogger(MemcachedBackups.class);
  /** The stamp (8 bytes) and the flags (1 byte) before the item's bytes. */
  static final int HEADER = 9;
  private static final int CANDIDATES = 32;
  private static final int CAS_ATTEMPTS = 10;

  private final StoreConfig config;
  private final Keys keys;
  private final MemcachedClient client;
  private final Transcoder<byte[]> bytes;
  /** The connection's ring, as it is now (Auto Discovery changes it). */
  private final java.util.function.Supplier<net.spy.memcached.NodeLocator> ring;
  private final ThreadPoolExecutor workers;
  private final Map<String, Copy> waiting = new ConcurrentHashMap<>();
  private final AtomicLong waitingBytes = new AtomicLong();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean failing;

  /** One copy to write: the item's bytes as written, its expiry for Memcached. */
  record Copy(long stamp, boolean tombstone, byte[] item, int exptime) {
    byte[] encode() {
      return ByteBuffer.allocate(HEADER + item.length).putLong(stamp).put((byte) (tombstone ? 1 : 0)).put(item).array();
    }

    /** Of two copies of one session, the one that must stay. */
    Copy later(Copy other) {
      if (tombstone != other.tombstone) {
        return tombstone ? this : other;
      }
      return other.stamp >= stamp ? other : this;
    }
  }

  /** A copy as read back: stamp, flag and the item's bytes; a value too short to be one is refused. */
  static Copy decode(byte[] value) {
    if (value.length < HEADER) {
      throw new MalformedSessionException("a backup copy of " + value.length + " bytes, shorter than its header");
    }
    ByteBuffer buffer = ByteBuffer.wrap(value);
    long stamp = buffer.getLong();
    boolean tombstone = buffer.get() == 1;
    byte[] item = new byte[value.length - HEADER];
    buffer.get(item);
    return new Copy(stamp, tombstone, item, 0);
  }

  MemcachedBackups(StoreConfig config, Keys keys, MemcachedClient client, Transcoder<byte[]> bytes,
      java.util.function.Supplier<net.spy.memcached.NodeLocator> ring) {
    this.config = config;
    this.ring = ring;
    this.keys = keys;
    this.client = client;
    this.bytes = bytes;
    AtomicInteger threads = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "handoff-memcached-backup-" + config.namespace() + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The key of the session's copy: the first of a few candidates that the ring places on another
   * server than the item's. Null with one server (no copy can be kept apart from the item).
   */
  String key(String digest) {
    // servers compare by address: the client's read-only copies of its nodes are other objects
    net.spy.memcached.NodeLocator locator = ring.get();
    java.net.SocketAddress own = locator.getPrimary(keys.session(digest)).getSocketAddress();
    for (int n = 0; n < CANDIDATES; n++) {
      String candidate = keys.base() + "b2:" + digest + ":" + n;
      if (!locator.getPrimary(candidate).getSocketAddress().equals(own)) {
        return candidate;
      }
    }
    return null;
  }

  /** Whether copies can be kept apart from the items: two servers or more. */
  boolean possible() {
    return ring.get().getAll().size() > 1;
  }

  /** Queues the copy of an item just written; a copy of the same session still waiting is replaced by the later. */
  void write(String digest, boolean tombstone, byte[] item, int exptime) {
    Copy copy = new Copy(System.currentTimeMillis(), tombstone, item, exptime);
    if (waitingBytes.get() + item.length > config.maxQueuedBytes()) {
      drop(digest);
      return;
    }
    boolean[] scheduled = {false};
    waiting.compute(digest, (d, queued) -> {
      if (queued == null) {
        scheduled[0] = true;
        waitingBytes.addAndGet(copy.item().length);
        return copy;
      }
      Copy kept = queued.later(copy);
      waitingBytes.addAndGet(kept.item().length - queued.item().length);
      return kept;
    });
    if (scheduled[0]) {
      unfinished.incrementAndGet();
      try {
        workers.execute(() -> flush(digest));
      } catch (RejectedExecutionException e) { // closed
        Copy removed = waiting.remove(digest);
        if (removed != null) {
          waitingBytes.addAndGet(-removed.item().length);
        }
        unfinished.decrementAndGet();
      }
    }
  }

  private void drop(String digest) {
    if (dropped.incrementAndGet() % 1000 == 1) {
      LOG.warn("[{}] backup copies waiting hold more than maxQueuedBytes = {} bytes: the copy of session#{} is not"
          + " written ({} dropped so far); its next write copies it", config.namespace(), config.maxQueuedBytes(),
          digest.substring(0, 8), dropped.get());
    }
  }

  private void flush(String digest) {
    try {
      Copy copy = waiting.remove(digest);
      if (copy != null) {
        waitingBytes.addAndGet(-copy.item().length);
        store(digest, copy);
      }
    } finally {
      unfinished.decrementAndGet();
    }
  }

  /** Writes the copy unless the one in Memcached is later, or a tombstone. */
  private void store(String digest, Copy copy) {
    String key = key(digest);
    if (key == null) {
      return;
    }
    long timeout = config.commandTimeout().toMillis();
    byte[] value = copy.encode();
    try {
      for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        CASValue<byte[]> there = client.asyncGets(key, bytes).get(timeout, TimeUnit.MILLISECONDS);
        if (there == null) {
          if (client.add(key, copy.exptime(), value, bytes).get(timeout, TimeUnit.MILLISECONDS)) {
            written();
            return;
          }
          continue;
        }
        Copy stored;
        try {
          stored = decode(there.getValue());
        } catch (MalformedSessionException e) {
          stored = new Copy(Long.MIN_VALUE, false, new byte[0], 0); // not a copy of this store's: written over
        }
        if (stored.later(copy) == stored) {
          written();
          return; // a later copy, or a tombstone, is there
        }
        CASResponse response = client.asyncCAS(key, there.getCas(), copy.exptime(), value, bytes)
            .get(timeout, TimeUnit.MILLISECONDS);
        if (response == CASResponse.OK) {
          written();
          return;
        }
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (!failing) {
        failing = true;
        LOG.warn("[{}] a backup copy was not written ({}): sessions whose server is lost meanwhile are lost with it"
            + " unless a node holds them", config.namespace(), e.toString());
      }
    }
  }

  private void written() {
    if (failing) {
      failing = false;
      LOG.info("[{}] backup copies are written again", config.namespace());
    }
  }

  /** Waits, at most {@code max}, until every copy queued so far is written or given up. */
  boolean drain(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (unfinished.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Writes what waits (at most 2 s), then stops. */
  void close() {
    if (!drain(Duration.ofSeconds(2))) {
      LOG.warn("[{}] {} backup copies not written at close", config.namespace(), unfinished.get());
    }
    workers.shutdownNow();
  }
}
