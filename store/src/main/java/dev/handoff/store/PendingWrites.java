package dev.handoff.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes and invalidations that could not be written while Redis was unreachable: one merged
 * change per session (later changes win, attribute by attribute), and the sessions invalidated
 * meanwhile, whose queued changes are dropped. When Redis answers again the invalidations are
 * written first, then the changes; a live save of a session takes its queued change with it, so
 * an older state never lands after a newer one. A background thread retries every second while
 * anything is pending.
 */
final class PendingWrites {

  private static final Logger LOG = LoggerFactory.getLogger(PendingWrites.class);

  private final RedisSessionStore store;
  private final String namespace;
  private final Map<String, SessionChange> changes = new LinkedHashMap<>();
  /** Sessions whose change was sent and not yet acknowledged: still pending, so still counted. */
  private final java.util.Set<String> writing = new java.util.HashSet<>();
  /** Sessions invalidated while Redis was unreachable, in order; written before any change. */
  private final java.util.Set<String> deletes = new java.util.LinkedHashSet<>();
  private final ScheduledExecutorService retry;

  PendingWrites(RedisSessionStore store, String namespace) {
    this.store = store;
    this.namespace = namespace;
    this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "handoff-pending-writes-" + namespace);
      t.setDaemon(true);
      return t;
    });
    retry.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /** Queues a change, merged over the one queued before; false when the session's invalidation is pending. */
  synchronized boolean add(String id, SessionChange change) {
    if (deletes.contains(id)) {
      return false;
    }
    changes.merge(id, change, SessionChange::mergedWith);
    return true;
  }

  private synchronized void addOlder(String id, SessionChange older) {
    if (!deletes.contains(id)) {
      changes.merge(id, older, (newer, old) -> old.mergedWith(newer));
    }
  }

  /** The session was invalidated while Redis was unreachable: remembered, written first when it returns. */
  synchronized void delete(String id) {
    changes.remove(id);
    deletes.add(id);
  }

  /** True while the session's invalidation waits to be written: the session is gone for this node. */
  synchronized boolean isDeleted(String id) {
    return deletes.contains(id);
  }

  /** The session was deleted in Redis: nothing of it is pending any more. */
  synchronized void forget(String id) {
    changes.remove(id);
    deletes.remove(id);
  }

  /**
   * The change queued for the session, taken out to be written with a live save, or null. Waits
   * while a queued change of the session is being written, so that the live save lands after it:
   * an older state never lands after a newer one. A taken change must be {@link #done}.
   */
  synchronized SessionChange take(String id) {
    while (writing.contains(id)) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("[" + namespace + "] interrupted while a queued write of "
            + SessionIds.forLog(id) + " was in flight", e);
      }
    }
    SessionChange queued = changes.remove(id);
    if (queued != null) {
      writing.add(id);
    }
    return queued;
  }

  synchronized void done(String id) {
    writing.remove(id);
    notifyAll();
  }

  /** Sessions with a change or an invalidation not yet acknowledged by Redis (queued or being written). */
  synchronized int size() {
    java.util.Set<String> all = new java.util.HashSet<>(changes.keySet());
    all.addAll(deletes);
    all.addAll(writing);
    return all.size();
  }

  void flushSoon() {
    retry.execute(this::flushQuietly);
  }

  /**
   * Writes every pending invalidation, then every pending change; stops at the first that finds
   * Redis still unreachable.
   */
  void flush() {
    while (true) {
      String deleted;
      synchronized (this) {
        deleted = deletes.isEmpty() ? null : deletes.iterator().next();
      }
      if (deleted == null) {
        break;
      }
      try {
        store.deleteNow(deleted);
        LOG.info("[{}] the invalidation of {} made while Redis was unreachable is written", namespace,
            SessionIds.forLog(deleted));
      } catch (StoreUnavailableException e) {
        return;
      }
      forget(deleted);
    }
    while (true) {
      Map.Entry<String, SessionChange> next;
      synchronized (this) {
        if (changes.isEmpty()) {
          return;
        }
        next = changes.entrySet().iterator().next();
        changes.remove(next.getKey());
        writing.add(next.getKey());
      }
      try {
        SaveResult result = store.writeChange(next.getKey(), next.getValue());
        if (result.status() == SaveResult.Status.GONE) {
          LOG.info("[{}] queued change of {} dropped: the session is gone", namespace, SessionIds.forLog(next.getKey()));
        }
      } catch (StoreUnavailableException e) {
        addOlder(next.getKey(), next.getValue()); // under any newer change that arrived meanwhile
        return;
      } finally {
        done(next.getKey());
      }
    }
  }

  private void flushQuietly() {
    try {
      if (size() > 0) {
        flush();
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] writing queued session changes failed: {}", namespace, e.toString());
    }
  }

  /** Lets a write in flight finish (never interrupted: that would lose it), then writes what is left. */
  void close() {
    retry.shutdown();
    try {
      retry.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
    int left = size();
    if (left > 0) {
      LOG.warn("[{}] {} queued session changes were not written: Redis was unreachable at shutdown", namespace, left);
    }
  }
}
