package dev.handoff.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes that could not be written while Redis was unreachable, one merged change per session
 * (later changes win, attribute by attribute), written when Redis answers again. A background
 * thread retries every second while anything is pending.
 */
final class PendingWrites {

  private static final Logger LOG = LoggerFactory.getLogger(PendingWrites.class);

  private final RedisSessionStore store;
  private final String namespace;
  private final Map<String, SessionChange> changes = new LinkedHashMap<>();
  /** Sessions whose change was sent and not yet acknowledged: still pending, so still counted. */
  private final java.util.Set<String> writing = new java.util.HashSet<>();
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

  synchronized void add(String id, SessionChange change) {
    changes.merge(id, change, SessionChange::mergedWith);
  }

  private synchronized void addOlder(String id, SessionChange older) {
    changes.merge(id, older, (newer, old) -> old.mergedWith(newer));
  }

  synchronized void forget(String id) {
    changes.remove(id);
  }

  /** Sessions with a change not yet acknowledged by Redis (queued or being written). */
  synchronized int size() {
    return changes.size() + (int) writing.stream().filter(id -> !changes.containsKey(id)).count();
  }

  void flushSoon() {
    retry.execute(this::flushQuietly);
  }

  /** Writes every pending change; stops at the first that finds Redis still unreachable. */
  void flush() {
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
        synchronized (this) {
          writing.remove(next.getKey());
        }
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
