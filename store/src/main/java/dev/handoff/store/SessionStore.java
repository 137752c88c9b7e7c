package dev.handoff.store;

import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * HTTP sessions of one application (one namespace): read, create, save a change, delete, change
 * id, expire, lock. Contains no container code; adapters map container sessions onto it.
 * Thread-safe; open one per application and close it when the application stops.
 *
 * <p>{@link #open} gives the Redis implementation. The testkit has an in-memory one that passes
 * the same contract suite, for unit tests of adapter logic.
 */
public interface SessionStore extends AutoCloseable {

  /** Whether the server answers. */
  enum State { UP, DOWN }

  /**
   * Opens the Redis store: connects (sharing a client with other stores of the same Redis
   * settings), checks the server, logs the effective settings once (secrets masked).
   *
   * @throws IllegalStateException when Redis cannot be reached and failFast is set
   */
  static SessionStore open(StoreConfig config) {
    return config.isMemcached() ? MemcachedSessionStore.open(config) : RedisSessionStore.open(config);
  }

  /** A token for {@link #create}: one per node copy of a new session, kept for every attempt to create it. */
  static String newCreateToken() {
    byte[] token = new byte[12];
    RandomBytes.fill(token);
    return HexFormat.of().formatHex(token);
  }

  StoreConfig config();

  /** UP while the server answers; DOWN after a connection fault until a call succeeds again. */
  State state();

  /** Called on every change of {@link #state()}. */
  void addStateListener(Consumer<State> listener);

  /**
   * Called when the server lost the store's data (restarted empty, flushed, failed over to a node
   * without a replica): the adapter writes back the sessions it holds ({@code TrackedSession#markNew}
   * and a save), so that their users stay logged in. Called on a store thread: hand work off.
   */
  void addDataLossListener(Runnable listener);

  /**
   * The one read of a session, with one rule: a session that is absent, claimed for expiry or past
   * its expiry time is {@link ReadResult.Gone} (whether or not a sweep has claimed it yet); else,
   * when {@code touch}, its life is extended from now (a touch never brings back an expired
   * session); then the node's copy of {@code knownVersion} is {@link ReadResult.Current}, or the
   * whole session comes back ({@code knownVersion} 0: a load; -1: only whether it exists).
   *
   * @throws StoreUnavailableException when the server cannot be reached
   */
  ReadResult read(String id, long knownVersion, boolean touch);

  /** The session, unless it does not exist, has expired, or is being expired: {@link #read} with no copy. */
  default Optional<SessionRecord> load(String id) {
    return read(id, 0, false) instanceof ReadResult.Loaded loaded ? Optional.of(loaded.record()) : Optional.empty();
  }

  /**
   * True when this node's copy of the session at {@code version} is what Redis holds, as far as the
   * store would have heard of other nodes' writes and deletions (announced over pub/sub): the
   * adapter may serve it without a round trip, provided the client has seen no later version. False
   * whenever the store cannot be sure (not subscribed, a connection lost, changes queued).
   */
  default boolean knowsCurrent(String id, long version) {
    return false;
  }

  /** True when the session exists by the rule of {@link #read}; no attribute bytes are fetched. */
  default boolean exists(String id) {
    return !(read(id, -1, false) instanceof ReadResult.Gone);
  }

  /**
   * Writes a new session, only if no other session holds its id; indexes its expiry. Every
   * attempt to create one node copy carries the same {@code createToken} ({@link
   * #newCreateToken}): an attempt that finds the session written by an earlier attempt of its own
   * (a reply lost, a command resent) writes the record over it and counts as saved.
   *
   * @return saved with the session's version, or {@link SaveResult.Status#ID_TAKEN} when another
   *     session holds the id
   * @throws IllegalArgumentException when the record is above maxSessionBytes
   */
  SaveResult create(SessionRecord record, String createToken);

  /**
   * Writes one request's change: only the fields it names, the version bumped, the expiry
   * refreshed. Never brings back a session deleted or expired meanwhile ({@link
   * SaveResult.Status#GONE}). While the server is unreachable the change is queued and merged with
   * later ones ({@link SaveResult.Status#QUEUED}); the newest state is written when it returns.
   *
   * @throws IllegalArgumentException when the change is above maxSessionBytes
   */
  SaveResult save(String id, SessionChange change);

  /**
   * True when a request at {@code now} should extend the session's life: skipped while the
   * expiry would move by less than touchFraction of the inactivity limit.
   */
  default boolean touchDue(long lastAccessedTime, int maxInactiveSeconds, long now) {
    long interval = maxInactiveSeconds > 0 ? maxInactiveSeconds * 1000L : SessionRecord.UNLIMITED_KEEP_MILLIS;
    return now - lastAccessedTime >= (long) (interval * config().touchFraction());
  }

  /** Deletes the session (invalidation); final: no later save brings it back. */
  void delete(String id);

  /**
   * Claims up to {@code max} expired sessions for this node: each is claimed by one node only,
   * which runs its listeners and then calls {@link #finishExpiry}; see {@link ExpiredSession}.
   */
  List<ExpiredSession> claimExpired(int max);

  /**
   * The same, naming each claimed session by its id when it is among {@code idsHeld} (the ids the
   * container holds; the store may hold none), else by the id this node last saw, else by a
   * stand-in.
   */
  List<ExpiredSession> claimExpired(int max, Collection<String> idsHeld);

  /** Deletes a claimed expired session once its listeners ran. */
  void finishExpiry(ExpiredSession session);

  /**
   * Takes the session's lock, waiting up to lockWait; empty when another holder kept it that
   * long (the caller decides: proceed unlocked or refuse). The lock ends after lockLease even if
   * its holder dies.
   */
  Optional<SessionLock> lock(String id);

  /** Sessions whose changes are queued while the server is unreachable. */
  int pendingWrites();

  /**
   * Bytes held for Redis while it is unreachable: the queued changes and the sessions created
   * meanwhile (by their encoded size), bounded by maxQueuedBytes.
   */
  long pendingBytes();

  /**
   * True while maxQueuedBytes is reached: the adapter refuses new sessions ({@link
   * NewSessionRefusedException}, a 503) and keeps serving the sessions it holds.
   */
  boolean refusesNewSessions();

  /** Tries to write queued changes now. */
  void flushPending();

  /**
   * Keeps what this node holds for Redis across a stop of the application while Redis is
   * unreachable: the queued invalidations and changes (taken out of the queue) and {@code
   * sessions}, the container's copies, written to {@code file} (owner-only, sealed with the first
   * sessionKey when there is one). The next start takes them up with {@link #unstash}.
   *
   * @throws java.io.IOException when the file cannot be written (the queue is then put back)
   */
  void stash(java.nio.file.Path file, java.util.List<HeldSession> sessions) throws java.io.IOException;

  /**
   * Takes up a file {@link #stash} wrote: its invalidations and changes join this store's queue
   * (written, invalidations first, when Redis answers) and its sessions are returned for the
   * container to hold again. The file is deleted once read.
   *
   * @throws java.io.IOException when the file cannot be read, is damaged, holds another namespace,
   *     or does not open with the configured sessionKeys (it is then left in place)
   */
  java.util.List<HeldSession> unstash(java.nio.file.Path file) throws java.io.IOException;

  @Override
  void close();

  /**
   * The namespace's sessions across the fleet, for administrators: how many, a user's, and ending
   * all of a user's ("log out everywhere").
   *
   * @throws UnsupportedOperationException when this store keeps no such index
   */
  default FleetSessions fleet() {
    throw new UnsupportedOperationException("this store keeps no index of the fleet's sessions");
  }
}

