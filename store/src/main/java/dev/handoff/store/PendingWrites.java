package dev.handoff.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
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
 *
 * <p>The memory held for Redis is bounded by maxQueuedBytes: the queued changes, and the sessions
 * created on this node that Redis has not acknowledged yet ({@link #holdCreate}; the container
 * holds them, the store counts them). When the bound is reached, a change of a session with
 * nothing queued is refused (its container keeps it and writes it with the session's next request)
 * and {@link #full()} tells the adapter to refuse new sessions; one log line marks the start of
 * such an episode and one its end.
 */
final class PendingWrites {

  private static final Logger LOG = LoggerFactory.getLogger(PendingWrites.class);

  /** The store's writes the queue drains through. */
  interface Writer {
    /** Deletes the session now. @throws StoreUnavailableException when the server is still unreachable */
    void deleteNow(String id);

    /** Writes the change now. @throws StoreUnavailableException when the server is still unreachable */
    SaveResult writeChange(String id, SessionChange change);

    /** One cheap call that finds out whether the server answers again. */
    void probe();
  }

  private final Writer store;
  private final String namespace;
  private final Map<String, SessionChange> changes = new LinkedHashMap<>();
  /** Sessions whose change was sent and not yet acknowledged: still pending, so still counted. */
  private final java.util.Set<String> writing = new java.util.HashSet<>();
  /** Sessions invalidated while Redis was unreachable, in order; written before any change. */
  private final java.util.Set<String> deletes = new java.util.LinkedHashSet<>();
  /** Sessions created here whose create Redis has not acknowledged, with the bytes they hold. */
  private final Map<String, Long> creates = new java.util.HashMap<>();
  private final ScheduledExecutorService retry;
  private final long maxBytes;
  /** Bytes of {@link #changes} and {@link #creates}. */
  private long bytes;
  private boolean full;

  /** What {@link #add} did with a change. */
  enum Added { QUEUED, GONE, FULL }

  /** The server's name in messages: Redis, Memcached. */
  private final String server;

  PendingWrites(Writer store, String server, String namespace, long maxBytes) {
    this.store = store;
    this.server = server;
    this.namespace = namespace;
    this.maxBytes = maxBytes;
    this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "handoff-pending-writes-" + namespace);
      t.setDaemon(true);
      return t;
    });
    retry.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * One request's save through the queue: never after the session's pending invalidation; the
   * change queued for it goes with it; while the server is unreachable the merged change is
   * queued (with queueWhileDown; without, the save fails and nothing of it may land later).
   *
   * @throws StoreUnavailableException when the server is unreachable and the change cannot be queued
   */
  SaveResult save(String id, SessionChange change, boolean queueWhileDown) {
    if (isDeleted(id)) {
      return SaveResult.gone();
    }
    SessionChange queued = take(id);
    SessionChange write = queued == null ? change : queued.mergedWith(change);
    try {
      return store.writeChange(id, write);
    } catch (StoreUnavailableException e) {
      if (!queueWhileDown) {
        throw e; // failurePolicy=fail: the request fails, and nothing of it may land later
      }
      return switch (add(id, write)) {
        case QUEUED -> SaveResult.queued();
        case GONE -> SaveResult.gone();
        case FULL -> throw new StoreUnavailableException("[" + namespace + "] " + SessionIds.forLog(id)
            + ": not queued, maxQueuedBytes = " + maxBytes + " is reached while " + server + " is unreachable;"
            + " the change stays with the container for the session's next save", e);
      };
    } finally {
      if (queued != null) {
        done(id);
      }
    }
  }

  /**
   * At a stop while the server is unreachable: the pending invalidations and changes and the
   * sessions held, sealed into {@code file} for the next start; the queue is empty afterwards (or,
   * when the file cannot be written, as it was).
   */
  void stash(java.nio.file.Path file, SealedValues sealed, List<HeldSession> sessions) throws java.io.IOException {
    Stash.Contents queued = drain();
    try {
      Stash.write(file, namespace, sealed, new Stash.Contents(queued.invalidations(), queued.changes(), sessions));
    } catch (java.io.IOException | RuntimeException e) {
      restore(queued);
      throw e;
    }
    LOG.info("[{}] {} is unreachable at shutdown: {} queued invalidations, {} queued changes and {} sessions held"
        + " in memory are kept in {} for the next start", namespace, server, queued.invalidations().size(),
        queued.changes().size(), sessions.size(), file);
  }

  /** The stash of the last stop, taken up into the queue (and the file deleted); the sessions it held. */
  List<HeldSession> unstash(java.nio.file.Path file, SealedValues sealed) throws java.io.IOException {
    Stash.Contents stashed = Stash.read(file, namespace, sealed);
    java.nio.file.Files.delete(file);
    restore(stashed);
    LOG.info("[{}] taken up from {}: {} queued invalidations and {} queued changes (written when {} answers), {}"
        + " sessions held before the stop", namespace, file, stashed.invalidations().size(),
        stashed.changes().size(), server, stashed.sessions().size());
    return stashed.sessions();
  }

  /**
   * Queues a change, merged over the one queued before: GONE when the session's invalidation is
   * pending, FULL (nothing queued) when maxQueuedBytes is reached and the session has nothing
   * queued yet; a session already queued always takes its next change.
   */
  synchronized Added add(String id, SessionChange change) {
    if (deletes.contains(id)) {
      return Added.GONE;
    }
    SessionChange before = changes.get(id);
    if (before == null && !writing.contains(id) && bytes >= maxBytes) { // a change taken out to be written counts as queued
      return Added.FULL;
    }
    put(id, before == null ? change : before.mergedWith(change), before);
    return Added.QUEUED;
  }

  private synchronized void addOlder(String id, SessionChange older) {
    if (!deletes.contains(id)) {
      SessionChange newer = changes.get(id);
      put(id, newer == null ? older : older.mergedWith(newer), newer);
    }
  }

  private void put(String id, SessionChange change, SessionChange replaced) {
    changes.put(id, change);
    count(change.heldBytes() - (replaced == null ? 0 : replaced.heldBytes()));
  }

  private SessionChange removeChange(String id) {
    SessionChange removed = changes.remove(id);
    if (removed != null) {
      count(-removed.heldBytes());
    }
    return removed;
  }

  /** A create of this session failed because Redis is unreachable: the container holds it, counted here. */
  synchronized void holdCreate(String id, SessionRecord record) {
    Long before = creates.put(id, record.heldBytes());
    count(record.heldBytes() - (before == null ? 0 : before));
  }

  /** The session's create was acknowledged (or it left this node): no longer held for Redis. */
  synchronized void created(String id) {
    Long held = creates.remove(id);
    if (held != null) {
      count(-held);
    }
  }

  /**
   * Redis answers again: the sessions created meanwhile are no longer counted; their containers
   * write them (at once, or with each session's next request).
   */
  synchronized void releaseCreates() {
    creates.values().forEach(held -> count(-held));
    creates.clear();
  }

  private void count(long delta) {
    bytes += delta;
    if (!full && bytes >= maxBytes) {
      full = true;
      LOG.warn("[{}] {} bytes are held for Redis (maxQueuedBytes = {}): new sessions are refused (503) until"
          + " Redis takes the queued writes; sessions already held keep working", namespace, bytes, maxBytes);
    } else if (full && bytes < maxBytes / 4 * 3) { // not at every dip: a change taken out to be written dips
      full = false;
      LOG.info("[{}] {} bytes are held for Redis, below three quarters of maxQueuedBytes = {}: new sessions are"
          + " accepted again", namespace, bytes, maxBytes);
    }
  }

  /**
   * True from the moment maxQueuedBytes is reached until the bytes held fall below three quarters
   * of it: new sessions are to be refused.
   */
  synchronized boolean full() {
    return full;
  }

  /** Bytes held for Redis: queued changes and sessions created while it was unreachable. */
  synchronized long bytes() {
    return bytes;
  }

  /** What this node holds for the session while Redis has not taken it. */
  enum Held { NOTHING, CHANGE, DELETE }

  /** One look per read: the session's invalidation pending, a change of it queued (or being written), or neither. */
  synchronized Held held(String id) {
    if (deletes.contains(id)) {
      return Held.DELETE;
    }
    return changes.containsKey(id) || writing.contains(id) ? Held.CHANGE : Held.NOTHING;
  }

  /** A change taken out and not written (Redis still unreachable): queued again, under any newer one. */
  void putBack(String id, SessionChange change) {
    addOlder(id, change);
  }

  /** The session was invalidated while Redis was unreachable: remembered, written first when it returns. */
  synchronized void delete(String id) {
    removeChange(id);
    created(id);
    deletes.add(id);
  }

  /** True while the session's invalidation waits to be written: the session is gone for this node. */
  synchronized boolean isDeleted(String id) {
    return deletes.contains(id);
  }

  /** The session was deleted in Redis: nothing of it is pending any more. */
  synchronized void forget(String id) {
    removeChange(id);
    created(id);
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
    SessionChange queued = removeChange(id);
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
    try {
      retry.execute(this::flushQuietly);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // close() writes what it can
    }
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
      } catch (TooFewReplicasException e) {
        LOG.warn(e.getMessage()); // on the primary all the same: not sent again
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
        removeChange(next.getKey());
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
      } catch (TooFewReplicasException e) {
        LOG.warn(e.getMessage()); // on the primary all the same: not sent again
      } finally {
        done(next.getKey());
      }
    }
  }

  private void flushQuietly() {
    try {
      if (size() > 0) {
        flush();
      } else if (bytes() > 0) {
        store.probe(); // only sessions created meanwhile are held: find out when Redis is back, so they drain
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] writing queued session changes failed: {}", namespace, e.toString());
    }
  }

  /**
   * Stops writing (a write in flight finishes) and takes out every invalidation and change still
   * pending, for a stash; the queue is empty afterwards.
   */
  Stash.Contents drain() {
    stopRetrying();
    synchronized (this) {
      Stash.Contents drained = new Stash.Contents(new java.util.LinkedHashSet<>(deletes), new LinkedHashMap<>(changes),
          List.of());
      for (String id : Set.copyOf(changes.keySet())) {
        removeChange(id);
      }
      deletes.clear();
      return drained;
    }
  }

  /** Queues what a stash held, under anything queued since: written when Redis answers. */
  void restore(Stash.Contents stashed) {
    stashed.invalidations().forEach(this::delete);
    stashed.changes().forEach(this::addOlder);
    flushSoon();
  }

  private void stopRetrying() {
    retry.shutdown();
    try {
      retry.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets a write in flight finish (never interrupted: that would lose it), then writes what is left. */
  void close() {
    stopRetrying();
    flushQuietly();
    int left = size();
    if (left > 0) {
      LOG.warn("[{}] {} queued session changes were not written: Redis was unreachable at shutdown", namespace, left);
    }
  }
}
