package dev.handoff.testkit.store;

import dev.handoff.store.ExpiredSession;
import dev.handoff.store.ReadResult;
import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionLock;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.store.StoreUnavailableException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link SessionStore} on an {@link InMemoryServer}: the contract of the Redis store without
 * Redis, for unit tests of adapter logic. Of the settings it uses the namespace, node name,
 * maxSessionBytes, touchFraction, expiryGrace, lockWait and lockLease; the connection settings are
 * not used. While the server is stopped, calls fail with {@link StoreUnavailableException}, saves
 * are queued and merged, invalidations remembered (the session is gone here at once), and both are
 * written when it answers again, invalidations first, as the Redis store does.
 *
 * <pre>{@code
 * InMemoryServer server = new InMemoryServer();
 * SessionStore nodeA = server.open(StoreConfig.builder().namespace("shop").nodeName("a").build());
 * SessionStore nodeB = server.open(StoreConfig.builder().namespace("shop").nodeName("b").build());
 * }</pre>
 */
public final class InMemorySessionStore implements SessionStore {

  private final InMemoryServer server;
  private final StoreConfig config;
  private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, SessionChange> pending = new LinkedHashMap<>();
  /** Sessions invalidated while the server was stopped: gone here at once, deleted first when it answers. */
  private final java.util.Set<String> deletes = new java.util.LinkedHashSet<>();
  private volatile State state = State.UP;

  InMemorySessionStore(InMemoryServer server, StoreConfig config) {
    this.server = server;
    this.config = config;
  }

  @Override
  public StoreConfig config() {
    return config;
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public void addStateListener(Consumer<State> listener) {
    listeners.add(listener);
  }

  /** Runs a call when the server is reachable, reporting state changes; writes queued changes first. */
  private <T> T call(String operation, Supplier<T> action) {
    if (!server.reachable()) {
      changeState(State.DOWN);
      throw new StoreUnavailableException("[" + config.namespace() + "] " + operation
          + " failed: the in-memory server is stopped", null);
    }
    if (state == State.DOWN) {
      changeState(State.UP);
      flushPending();
    }
    return action.get();
  }

  private synchronized void changeState(State next) {
    if (state != next) {
      state = next;
      listeners.forEach(listener -> listener.accept(next));
    }
  }

  @Override
  public ReadResult read(String id, long knownVersion, boolean touch) {
    synchronized (pending) {
      if (deletes.contains(id)) {
        return new ReadResult.Gone();
      }
    }
    return call("read", () -> server.read(config, id, knownVersion, touch, System.currentTimeMillis()));
  }

  @Override
  public SaveResult create(SessionRecord record, String createToken) {
    checkSize(record.id(), record.size());
    return call("create", () -> server.create(config, record, createToken, System.currentTimeMillis()));
  }

  @Override
  public SaveResult save(String id, SessionChange change) {
    checkSize(id, change.set().values().stream().mapToLong(v -> v.length).sum());
    synchronized (pending) {
      if (deletes.contains(id)) {
        return new SaveResult(SaveResult.Status.GONE, -1, 0);
      }
    }
    try {
      return call("save", () -> server.save(config, id, change, System.currentTimeMillis()));
    } catch (StoreUnavailableException e) {
      synchronized (pending) {
        pending.merge(id, change, SessionChange::mergedWith);
      }
      return new SaveResult(SaveResult.Status.QUEUED, -1, 0);
    }
  }

  private void checkSize(String id, long bytes) {
    if (bytes > config.maxSessionBytes()) {
      throw new IllegalArgumentException("[" + config.namespace() + "] " + SessionIds.forLog(id) + ": a write of "
          + bytes + " bytes is above maxSessionBytes = " + config.maxSessionBytes());
    }
  }

  @Override
  public void delete(String id) {
    try {
      call("delete", () -> {
        server.delete(config, id);
        return null;
      });
      synchronized (pending) {
        pending.remove(id);
        deletes.remove(id);
      }
    } catch (StoreUnavailableException e) {
      synchronized (pending) { // remembered, as the Redis store does
        pending.remove(id);
        deletes.add(id);
      }
    }
  }

  @Override
  public List<ExpiredSession> claimExpired(int max) {
    return call("claim expired sessions", () -> server.claim(config, max, System.currentTimeMillis()).stream()
        .map(record -> new ExpiredSession(record, record.id())).toList());
  }

  /** The same as {@link #claimExpired(int)}: this server holds the ids, so it names every session. */
  @Override
  public List<ExpiredSession> claimExpired(int max, Collection<String> idsHeld) {
    return claimExpired(max);
  }

  @Override
  public void finishExpiry(ExpiredSession session) {
    delete(session.record().id());
  }

  @Override
  public Optional<SessionLock> lock(String id) {
    String token = SessionStore.newCreateToken();
    long deadline = System.nanoTime() + config.lockWait().toNanos();
    while (!call("lock", () -> server.lock(config, id, token, System.currentTimeMillis()))) {
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.of(new SessionLock() {
      @Override
      public void close() {
        call("unlock", () -> {
          server.unlock(config, id, token);
          return null;
        });
      }

      /** Never: the in-memory server's leases are not renewed and not checked (the Redis store's are). */
      @Override
      public boolean lost() {
        return false;
      }
    });
  }

  @Override
  public int pendingWrites() {
    synchronized (pending) {
      java.util.Set<String> all = new java.util.HashSet<>(pending.keySet());
      all.addAll(deletes);
      return all.size();
    }
  }

  /** Never called: the in-memory server does not lose its data. */
  @Override
  public void addDataLossListener(Runnable listener) {
    // nothing to report
  }

  /** Not counted: this test double does not bound its queue (the Redis store's bound is tested on Redis). */
  @Override
  public long pendingBytes() {
    return 0;
  }

  @Override
  public boolean refusesNewSessions() {
    return false;
  }

  @Override
  public void flushPending() {
    if (!server.reachable()) {
      return;
    }
    Map<String, SessionChange> queued;
    List<String> deleted;
    synchronized (pending) {
      queued = new LinkedHashMap<>(pending);
      pending.clear();
      deleted = List.copyOf(deletes);
      deletes.clear();
    }
    deleted.forEach(id -> server.delete(config, id));
    queued.forEach((id, change) -> server.save(config, id, change, System.currentTimeMillis()));
  }

  /** Not kept: this store lives in the test's memory, and the adapters that use it never stash. */
  @Override
  public void stash(java.nio.file.Path file, List<dev.handoff.store.HeldSession> sessions) throws java.io.IOException {
    throw new java.io.IOException("the in-memory store keeps nothing across a stop");
  }

  @Override
  public List<dev.handoff.store.HeldSession> unstash(java.nio.file.Path file) throws java.io.IOException {
    throw new java.io.IOException("the in-memory store keeps nothing across a stop");
  }

  @Override
  public void close() {
    if (server.reachable()) {
      flushPending();
    }
  }
}
