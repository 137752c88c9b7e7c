package dev.handoff.tomcat;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.store.ReadResult;
import dev.handoff.store.ExpiredSession;
import dev.handoff.store.NewSessionRefusedException;
import dev.handoff.store.RequestChanges;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.RequestConfig;
import dev.handoff.store.Settings;
import dev.handoff.store.StoreUnavailableException;
import dev.handoff.store.TooFewReplicasException;
import dev.handoff.store.TrackedSession;
import dev.handoff.store.WriteOutcome;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Session;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Tomcat's session manager, with sessions in Redis: {@code <Manager
 * className="dev.handoff.tomcat.RedisSessionManager" address="rediss://..."/>} in context.xml.
 * Each node keeps the sessions it served as a near cache and checks its copy with one round trip
 * per request; the {@link SessionSaveValve} it installs writes each request's changes with one
 * more. Every attribute of the element that is not a ManagerBase property is a Handoff setting
 * (the table of every setting is in the store module's README), validated when the context starts.
 */
public class RedisSessionManager extends ManagerBase {

  private static final Log LOG = LogFactory.getLog(RedisSessionManager.class);
  /** Sessions claimed per round trip of a sweep. */
  private static final int EXPIRIES_PER_CLAIM = 200;
  /**
   * How long one sweep goes on claiming while expired sessions remain: it runs on the engine's
   * background thread, which other contexts share. A sweep that stops at it leaves the rest to
   * the next one.
   */
  private static final long SWEEP_BUDGET_MS = 5_000;

  /**
   * What a context reloaded while Redis could not take everything left for its next start, by
   * namespace: the open store (its queue of writes goes on) and the sessions this node held.
   */
  private static final java.util.Map<String, Parked> PARKED = new ConcurrentHashMap<>();

  /** The store and sessions of a context reloaded while Redis was unreachable or had writes queued. */
  private record Parked(SessionStore store, List<dev.handoff.store.HeldSession> sessions) {
  }

  /** In the context's work directory: what a stop while Redis was unreachable kept for the next start. */
  static final String STASH_FILE = "handoff-sessions.stash";

  private final ManagerSettings settings = new ManagerSettings();
  private volatile SessionStore store;
  private volatile SessionValues values;
  private volatile SessionSaveValve valve;
  /** Writes the sessions held in memory when Redis answers again (see {@link #writeHeldSessions}). */
  private volatile java.util.concurrent.ExecutorService writeBack;
  private volatile RequestConfig requests = RequestConfig.defaults();
  private final java.util.Map<String, Object> loadGuards = new ConcurrentHashMap<>();
  private final ManagerStatistics statistics = new ManagerStatistics();
  /** Whether ids of another shape than the generator's are known missing without a lookup. */
  private volatile boolean idShapeChecked;

  /**
   * Receives every {@code <Manager>} attribute Tomcat has no setter for (Tomcat's digester calls
   * it); they are validated when the context starts.
   */
  public boolean setProperty(String name, String value) {
    settings.put(name, value);
    return true;
  }

  @Override
  public String getName() {
    return "RedisSessionManager";
  }

  @Override
  protected void startInternal() throws LifecycleException {
    super.startInternal();
    String namespace = namespace(getContext());
    // Tomcat's own generator (at its length and with this engine's jvmRoute) makes ids of the
    // shape SessionIds knows; a custom one may not, and then every id is looked up.
    idShapeChecked = getSessionIdGenerator() instanceof org.apache.catalina.util.StandardSessionIdGenerator
        && SessionIds.couldBeGenerated(getSessionIdGenerator().generateSessionId());
    Parked parked = null;
    try {
      Settings parsed = settings.parse(namespace);
      AttributeSerializer serializer = AttributeSerializer.create(parsed.serializationConfig());
      values = new SessionValues(serializer, namespace, () -> getContext().getLoader().getClassLoader());
      requests = parsed.requestConfig();
      parked = PARKED.remove(namespace);
      if (parked != null && parked.store().config().toString().equals(parsed.storeConfig().toString())) {
        store = parked.store(); // the same settings: its queue goes on, and its outage is still this one
      } else {
        if (parked != null) {
          parked.store().close(); // the settings changed: the old store writes what it can and closes
        }
        store = SessionStore.open(parsed.storeConfig());
      }
      writeBack = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "handoff-write-back-" + namespace);
        thread.setDaemon(true);
        return thread;
      });
      SessionStore opened = store;
      java.util.concurrent.ExecutorService executor = writeBack;
      opened.addStateListener(state -> {
        if (state == SessionStore.State.UP && !executor.isShutdown()) {
          executor.execute(() -> writeHeldSessions("Redis answers again"));
        }
      });
      opened.addDataLossListener(() -> {
        if (!executor.isShutdown()) {
          executor.execute(this::writeBackAfterDataLoss);
        }
      });
      LOG.info("[" + namespace + "] Handoff serializer: " + serializer.config() + ", " + requests);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new LifecycleException("[" + namespace + "] Handoff session manager: " + e.getMessage(), e);
    }
    valve = new SessionSaveValve(this);
    getContext().getParent().getPipeline().addValve(valve);
    if (parked != null) {
      takeUp(parked);
    } else {
      takeUpStash();
    }
    setState(LifecycleState.STARTING);
  }

  /** The sessions held before a reload, held again (their values decode with the new class loader). */
  private void takeUp(Parked parked) {
    takeUp(parked.sessions());
    LOG.info("[" + store.config().namespace() + "] after the reload, " + parked.sessions().size()
        + " sessions held before it are held again and " + store.pendingWrites()
        + " queued session changes are still queued for Redis");
  }

  /** Holds {@code held} again: decoded with this context's class loader, what Redis lacks written by the next save. */
  private void takeUp(List<dev.handoff.store.HeldSession> held) {
    for (dev.handoff.store.HeldSession kept : held) {
      RedisSession session = (RedisSession) createEmptySession();
      session.restore(kept.record());
      if (!kept.persisted()) {
        session.tracked().markNew(); // Redis does not hold it: its next write creates it whole
      } else if (!kept.unwritten().isEmpty()) {
        // Changes Redis lacks: decoded now (a name not written counts by its live value, not its
        // bytes), then written by the next save.
        kept.unwritten().forEach(session::getAttribute);
        session.tracked().keepUnwritten(kept.unwritten());
      }
      sessions.put(kept.record().id(), session);
    }
  }

  /** The sessions this node holds, as bytes with what Redis lacks of them. */
  private List<dev.handoff.store.HeldSession> heldSessions() {
    List<dev.handoff.store.HeldSession> kept = new java.util.ArrayList<>();
    for (Session session : findSessions()) {
      if (session instanceof RedisSession copy && copy.isAlive()) {
        kept.add(new dev.handoff.store.HeldSession(copy.tracked().snapshot(copy.source()), copy.tracked().isPersisted(),
            copy.tracked().unwrittenNames()));
      }
    }
    return kept;
  }

  /** True while Redis is unreachable or holds less than this node: a stop or reload must keep what is held. */
  private boolean holdsForRedis() {
    return store.state() != SessionStore.State.UP || store.pendingWrites() > 0 || store.pendingBytes() > 0;
  }

  private java.nio.file.Path stashFile() {
    Object work = getContext().getServletContext().getAttribute(jakarta.servlet.ServletContext.TEMPDIR);
    return work instanceof java.io.File dir ? dir.toPath().resolve(STASH_FILE) : null;
  }

  /**
   * A stop (not a reload) while Redis is unreachable or has writes queued: after one more try to
   * write, the queue and the sessions held here are kept in the context's work directory, and the
   * next start takes them up, as Tomcat's own manager keeps its sessions across a restart.
   */
  private void stashForNextStart() {
    if (store == null || !holdsForRedis()) {
      return;
    }
    store.flushPending();
    java.nio.file.Path file = stashFile();
    if (!holdsForRedis() || file == null) {
      return;
    }
    try {
      store.stash(file, heldSessions());
    } catch (java.io.IOException | RuntimeException e) {
      LOG.error("[" + store.config().namespace() + "] could not keep what Redis lacks in " + file
          + "; it is written now if Redis answers, else lost", e);
    }
  }

  /** The start after a stop that kept what Redis lacked: the queue goes on, the sessions are held again. */
  private void takeUpStash() {
    java.nio.file.Path file = stashFile();
    if (file == null || !java.nio.file.Files.exists(file)) {
      return;
    }
    try {
      takeUp(store.unstash(file));
    } catch (java.io.IOException | RuntimeException e) {
      // moved aside, so that the next stop does not write over it
      java.nio.file.Path aside = file.resolveSibling(STASH_FILE + ".refused-" + System.currentTimeMillis());
      try {
        java.nio.file.Files.move(file, aside);
      } catch (java.io.IOException moveFailed) {
        aside = file;
      }
      LOG.error("[" + store.config().namespace() + "] " + file + " was not taken up (" + e.getMessage()
          + "); it is kept as " + aside, e);
    }
  }

  /**
   * A reload (the context is paused) while Redis is unreachable or has writes queued: the store
   * stays open with its queue, and every session held here is kept as bytes for the next start,
   * which takes them up; the users keep their sessions, and nothing queued is lost.
   */
  private boolean parkForReload() {
    Context context = getContext();
    if (store == null || !context.getPaused() || !holdsForRedis()) {
      return false;
    }
    List<dev.handoff.store.HeldSession> kept = heldSessions();
    PARKED.put(namespace(context), new Parked(store, List.copyOf(kept)));
    LOG.info("[" + store.config().namespace() + "] reloaded while Redis is unreachable or has writes queued ("
        + store.pendingWrites() + "): " + kept.size() + " sessions and the queue are kept for the restarted context");
    return true;
  }

  @Override
  protected void stopInternal() throws LifecycleException {
    setState(LifecycleState.STOPPING);
    if (valve != null) {
      getContext().getParent().getPipeline().removeValve(valve);
    }
    if (writeBack != null) {
      writeBack.shutdownNow();
    }
    boolean parked = parkForReload();
    if (!parked) {
      stashForNextStart();
    }
    for (Session session : findSessions()) {
      if (session instanceof RedisSession copy) {
        copy.passivateHeldValues(); // after the last writes: this node lets go of its copies
      }
    }
    sessions.clear(); // the data stays in Redis: a stop or reload never deletes sessions
    if (store != null && !parked) {
      store.close();
    }
    super.stopInternal();
  }

  /**
   * A new session, unless Redis is unreachable and maxQueuedBytes is reached: then {@link
   * NewSessionRefusedException}, which the valve answers with 503 (the sessions held keep working).
   */
  @Override
  public Session createSession(String sessionId) {
    SessionStore current = store;
    if (current != null && current.refusesNewSessions()) {
      statistics.refusedSessions.increment();
      throw new NewSessionRefusedException(current.config().namespace(), current.pendingBytes(),
          current.config().maxQueuedBytes());
    }
    Session session = super.createSession(sessionId);
    if (session instanceof RedisSession redis) {
      SessionSaveValve.used(redis);
    }
    return session;
  }

  @Override
  protected StandardSession getNewSession() {
    return new RedisSession(this);
  }

  /**
   * The session with this id, as Redis has it: the local copy checked in one round trip (the
   * whole session comes back only when another node changed it), or loaded in one. While Redis is
   * unreachable the local copy is used as it is. An id no generator makes, or one more unknown id
   * in a request that already had {@link UnknownIds#LOOKUPS} of them, is not looked up.
   */
  @Override
  public Session findSession(String id) {
    if (id == null) {
      return null;
    }
    Session local = sessions.get(id);
    if (local instanceof RedisSession copy && !copy.tracked().isPersisted()) {
      return copy; // created by a request still running on this node
    }
    try {
      if (local instanceof RedisSession copy) {
        return check(copy);
      }
      if ((idShapeChecked && !SessionIds.couldBeGenerated(id)) || !UnknownIds.mayLookUp(id)) {
        return null;
      }
      // One copy per session on a node: concurrent first requests of a session share one load.
      Object guard = loadGuards.computeIfAbsent(id, k -> new Object());
      synchronized (guard) {
        try {
          Session loadedMeanwhile = sessions.get(id);
          if (loadedMeanwhile != null && loadedMeanwhile != local) {
            return loadedMeanwhile;
          }
          return load(id);
        } finally {
          loadGuards.remove(id, guard);
        }
      }
    } catch (StoreUnavailableException e) {
      statistics.errors.increment();
      if (requests.failurePolicy() == RequestConfig.FailurePolicy.FAIL) {
        throw e;
      }
      return local;
    }
  }

  /**
   * The copy checked against Redis in one round trip; the whole session comes back only when
   * another node changed it (or this node's last write could not tell), and this same copy takes
   * it: one object per session on a node, whatever requests of it are running.
   */
  private Session check(RedisSession copy) {
    String id = copy.getIdInternal();
    long now = System.currentTimeMillis();
    boolean touch = store.touchDue(copy.tracked().savedAccessTime(), copy.getMaxInactiveInterval(), now);
    if (!touch && servesUnasked(copy, now)) {
      statistics.copiesServedUnasked.increment();
      return copy;
    }
    long start = System.nanoTime();
    statistics.roundTrips.increment();
    ReadResult result = store.read(id, Math.max(0, copy.tracked().version()), touch);
    statistics.loadLatency.record(start);
    if (result instanceof ReadResult.Current current) {
      statistics.nearCacheHits.increment();
      copy.refreshTimes(current.lastAccessedTime(), current.maxInactiveSeconds());
      return copy;
    }
    if (result instanceof ReadResult.Loaded loaded) {
      statistics.staleCopies.increment();
      copy.refresh(loaded.record());
      return copy;
    }
    sessions.remove(id, copy);
    return null;
  }

  /**
   * Brings the copy's access time and inactivity limit up to Redis's, read without a touch, for
   * decisions made outside the session's requests. The values are not loaded: a copy another node
   * changed keeps its values until its next request checks it.
   *
   * @return false when Redis cannot be asked; true otherwise (also when the session is gone from
   *     Redis: then the copy keeps its own times)
   */
  boolean refreshFromFleet(RedisSession copy) {
    try {
      statistics.roundTrips.increment();
      ReadResult result = store.read(copy.getIdInternal(), Math.max(0, copy.tracked().version()), false);
      if (result instanceof ReadResult.Current current) {
        copy.refreshTimes(current.lastAccessedTime(), current.maxInactiveSeconds());
      } else if (result instanceof ReadResult.Loaded loaded) {
        copy.refreshTimes(loaded.record().lastAccessedTime(), loaded.record().maxInactiveSeconds());
      }
      return true;
    } catch (StoreUnavailableException e) {
      statistics.errors.increment();
      return false;
    }
  }

  /**
   * True when the copy may be served without a round trip: the client has seen no later version
   * written (its version cookie), the copy has not expired by its own times, and the store knows it
   * current (it would have heard of a later write or an invalidation).
   */
  private boolean servesUnasked(RedisSession copy, long now) {
    long version = copy.tracked().version();
    long client = SessionSaveValve.clientVersion(copy.getIdInternal());
    int maxInactive = copy.getMaxInactiveInterval();
    boolean expired = maxInactive > 0 && copy.tracked().savedAccessTime() + maxInactive * 1000L <= now;
    return version > 0 && client > 0 && client <= version && !expired && store.knowsCurrent(copy.getIdInternal(), version);
  }

  private Session load(String id) {
    long start = System.nanoTime();
    statistics.roundTrips.increment();
    statistics.loads.increment();
    Optional<SessionRecord> loaded = store.load(id);
    statistics.loadLatency.record(start);
    return loaded.map(this::adopt).orElseGet(() -> {
      sessions.remove(id);
      UnknownIds.missed(id);
      return null;
    });
  }

  private Session adopt(SessionRecord record) {
    RedisSession session = (RedisSession) createEmptySession();
    session.restore(record);
    sessions.put(record.id(), session);
    return session;
  }

  /**
   * Writes what {@code changes} (a request's) and earlier unwritten changes left in the session:
   * the whole session when Redis does not hold it yet, else only the change. The tracked copy
   * counts a change as written once the store acknowledged it; a failed write is kept for the
   * next save.
   */
  void save(RedisSession session, RequestChanges changes) {
    if (!session.isAlive()) {
      return;
    }
    TrackedSession tracked = session.tracked();
    String id = tracked.id();
    long start = System.nanoTime();
    try {
      session.beforeSave();
      boolean touch = tracked.version() < 0
          && store.touchDue(tracked.savedAccessTime(), session.getMaxInactiveInterval(), System.currentTimeMillis());
      WriteOutcome write = tracked.write(store, changes, session.source(), requests.checkInPlaceChanges(), touch);
      if (!write.wrote()) {
        statistics.skippedSaves.increment();
        return;
      }
      statistics.roundTrips.increment();
      statistics.saveLatency.record(start);
      statistics.bytesWritten.add(write.bytes());
      switch (write.result().status()) {
        case SAVED -> {
          statistics.saves.increment();
          if (write.created()) {
            deleteMovedFrom(session);
          }
        }
        case QUEUED -> {
          statistics.queuedSaves.increment(); // the store holds it now; the next check reloads
          if (failsWhenRedisIsDown()) { // failurePolicy=fail: not in Redis, so not acknowledged (503)
            SessionSaveValve.failRequest(new StoreUnavailableException("[" + store.config().namespace() + "] "
                + SessionIds.forLog(id) + ": the change is queued, not in Redis", null));
          }
        }
        case GONE -> sessions.remove(id, session); // invalidated or expired elsewhere meanwhile: G4
        case ID_TAKEN -> {
          // Another session holds this id (a create of our own, resent, would have matched its token).
          LOG.warn("[" + store.config().namespace() + "] " + SessionIds.forLog(id)
              + ": the id is held by another session in Redis; this node's copy is dropped");
          sessions.remove(id, session);
        }
      }
    } catch (StoreUnavailableException e) {
      statistics.errors.increment(); // not written: kept in the tracked copy, written by a later save
      if (failsWhenRedisIsDown()) {
        // 503, and nothing of this request stays on the node either (its copy now holds a change
        // Redis lacks, which a later save would write over other nodes' newer ones): the next
        // request reloads the session from Redis
        sessions.remove(id, session);
        SessionSaveValve.failRequest(e);
      }
    } catch (TooFewReplicasException e) {
      statistics.errors.increment(); // on the primary; kept in the tracked copy all the same, and the request fails
      LOG.warn(e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      statistics.errors.increment();
      LOG.error("[" + store.config().namespace() + "] saving " + SessionIds.forLog(id)
          + " failed; the change is kept and written again by the next save", e);
    }
  }

  /**
   * Redis answers again: every session this node holds that Redis lacks (created while it was
   * unreachable) or that has changes not written (refused by a full queue) is written now, not
   * only by its next request; the memory held for Redis drains. Runs on its own thread, one
   * session at a time, each under its session's write lock like a request's save.
   */
  private void writeHeldSessions(String why) {
    int written = 0;
    for (Session session : findSessions()) {
      if (store.state() != SessionStore.State.UP) {
        return; // down again: the next recovery writes the rest
      }
      if (session instanceof RedisSession copy && copy.isAlive()
          && (!copy.tracked().isPersisted() || copy.tracked().hasUnwrittenChanges())) {
        try {
          save(copy, copy.tracked().outsideRequests());
          written++;
        } catch (RuntimeException e) { // logged by save; the session's next request writes it
        }
      }
    }
    if (written > 0) {
      LOG.info("[" + store.config().namespace() + "] " + why + ": " + written + " sessions held in memory were written");
    }
  }

  /**
   * Redis lost its data: every session this node holds is written whole again (as new, create-only:
   * where another node wrote it back first, that copy stands and this one is dropped, to be
   * loaded again by its next request).
   */
  private void writeBackAfterDataLoss() {
    for (Session session : findSessions()) {
      if (session instanceof RedisSession copy && copy.isAlive() && copy.tracked().isPersisted()) {
        copy.tracked().markNew();
      }
    }
    writeHeldSessions("Redis lost its data");
  }

  /**
   * Every id change (changeSessionId, and the rotation on login against session fixation): no
   * round trip of its own. The session is written whole under the new id by the save its request
   * makes anyway (at once when no request uses it), and the old id is deleted once that write
   * landed: nothing is read, and the session is never absent from Redis in between.
   */
  @Override
  protected void changeSessionId(Session session, String newId, boolean notifySessionListeners,
      boolean notifyContainerListeners) {
    String oldId = session.getIdInternal();
    RedisSession redis = session instanceof RedisSession r ? r : null;
    if (redis != null && redis.tracked().isPersisted()) {
      redis.tracked().markNew(); // its next write creates it whole, under the new id
      redis.movedFrom(oldId);
    }
    super.changeSessionId(session, newId, notifySessionListeners, notifyContainerListeners);
    if (redis != null && !SessionSaveValve.usedInThisRequest(redis)) {
      save(redis, redis.tracked().outsideRequests()); // no request's save is coming
    }
  }

  /** True when the context's authenticator rotates the session id on login (Tomcat's default). */
  boolean loginChangesSessionId() {
    return getContext().getAuthenticator() instanceof org.apache.catalina.authenticator.AuthenticatorBase base
        && base.getChangeSessionIdOnAuthentication();
  }

  /** The session is in Redis under its new id, or invalidated: the old id goes (queued while Redis is unreachable). */
  private void deleteMovedFrom(RedisSession session) {
    String old = session.takeMovedFrom();
    if (old != null) {
      delete(old);
    }
  }

  /**
   * The invalidation in Redis (queued by the store while Redis is unreachable), under the id Redis
   * holds the session by: its own, or the one from before an id change not written yet. A logout
   * no replica acknowledged under syncFailure=fail fails its request with 503, even when the
   * application catches what invalidate() throws.
   */
  void deleteFromStore(RedisSession session) {
    if (session.tracked().isPersisted()) {
      delete(session.getIdInternal());
    }
    deleteMovedFrom(session); // its id changed and the write under the new one never came: the old id goes
  }

  private void delete(String id) {
    try {
      store.delete(id);
    } catch (TooFewReplicasException e) {
      statistics.errors.increment();
      LOG.warn(e.getMessage());
      SessionSaveValve.failRequest(e);
    }
  }

  /**
   * Drops local copies this node no longer needs (idle beyond their limit) without firing any
   * listener, then claims sessions expired anywhere in the fleet and expires those this node won:
   * their listeners fire here, once, with their attributes. It claims 200 at a time and goes on
   * while a claim comes back full, for up to {@link #SWEEP_BUDGET_MS}.
   */
  @Override
  public void processExpires() {
    long now = System.currentTimeMillis();
    for (Session session : findSessions()) {
      if (session instanceof RedisSession copy && copy.tracked().isPersisted() && !copy.isValid()) {
        sessions.remove(copy.getIdInternal());
      }
    }
    if (store == null) {
      return;
    }
    try {
      List<ExpiredSession> claimed;
      do {
        claimed = store.claimExpired(EXPIRIES_PER_CLAIM);
        for (ExpiredSession expired : claimed) {
          RedisSession session = (RedisSession) createEmptySession();
          session.restore(expired.record());
          session.expireClaimed();
          store.finishExpiry(expired);
          expiredSessions.incrementAndGet();
        }
      } while (claimed.size() == EXPIRIES_PER_CLAIM && System.currentTimeMillis() - now < SWEEP_BUDGET_MS);
    } catch (StoreUnavailableException e) {
      // the next sweep tries again
    }
    processingTime += System.currentTimeMillis() - now;
  }

  @Override
  public void load() {
    // Sessions live in Redis; nothing to read at start.
  }

  @Override
  public void unload() {
    // Nothing to write at stop: every request's changes are already in Redis.
  }



  // JMX: Tomcat registers the manager as Catalina:type=Manager,host=...,context=...; these getters
  // are its Handoff attributes.

  /** JMX operation: the application's sessions in Redis, every node's (one round trip). */
  public long countFleetSessions() {
    return fleet().count();
  }

  /** JMX operation: the sessions {@code user} is logged in to on any node, one line each. */
  public String[] listSessionsOf(String user) {
    return fleet().sessionsOf(user).stream().map(s -> "created " + java.time.Instant.ofEpochMilli(s.createdAt())
        + ", last access " + java.time.Instant.ofEpochMilli(s.lastAccessedAt()) + ", node " + s.lastNode() + ", "
        + s.authType()).toArray(String[]::new);
  }

  /** JMX operation: ends every session {@code user} is logged in to, on every node ("log out everywhere"). */
  public int invalidateSessionsOf(String user) {
    int ended = fleet().invalidateSessionsOf(user);
    LOG.info("[" + store.config().namespace() + "] " + ended + " sessions of a user ended on every node (JMX)");
    return ended;
  }

  private dev.handoff.store.FleetSessions fleet() {
    SessionStore current = store;
    if (current == null) {
      throw new IllegalStateException("the manager is not started");
    }
    return current.fleet();
  }

  /** Sessions loaded whole from Redis (no copy on this node). */
  public long getHandoffLoads() { return statistics.loads.sum(); }
  /** Requests whose copy on this node was current (checked in one round trip). */
  public long getHandoffNearCacheHits() { return statistics.nearCacheHits.sum(); }
  /** Requests whose copy on this node was served with no round trip (known current, the client's version cookie no newer). */
  public long getHandoffCopiesServedUnasked() { return statistics.copiesServedUnasked.sum(); }
  /** Copies found stale (another node changed the session) and replaced. */
  public long getHandoffStaleCopies() { return statistics.staleCopies.sum(); }
  /** Sessions written (created or changed). */
  public long getHandoffSaves() { return statistics.saves.sum(); }
  /** Requests that used a session and changed nothing: no write. */
  public long getHandoffSkippedSaves() { return statistics.skippedSaves.sum(); }
  /** Changes queued because Redis was unreachable. */
  public long getHandoffQueuedSaves() { return statistics.queuedSaves.sum(); }
  /** Attribute bytes written. */
  public long getHandoffBytesWritten() { return statistics.bytesWritten.sum(); }
  /** Round trips to Redis made by requests. */
  public long getHandoffRoundTrips() { return statistics.roundTrips.sum(); }
  /** Failed Redis operations. */
  public long getHandoffErrors() { return statistics.errors.sum(); }
  /** UP or DOWN: whether Redis answers. */
  public String getHandoffStoreState() { return store == null ? "STOPPED" : store.state().name(); }
  /** Changes waiting for Redis to return. */
  public int getHandoffPendingWrites() { return store == null ? 0 : store.pendingWrites(); }
  /** Bytes held for Redis while it is unreachable (queued changes and sessions created meanwhile), at most maxQueuedBytes. */
  public long getHandoffQueuedBytes() { return store == null ? 0 : store.pendingBytes(); }
  /** Session locks found lost by their holder (the lease ran out or the key went; each one logged). */
  public long getHandoffLocksLost() { return statistics.locksLost.sum(); }
  /** New sessions refused (503) because maxQueuedBytes was reached while Redis was unreachable. */
  public long getHandoffRefusedSessions() { return statistics.refusedSessions.sum(); }
  /** Median latency of loads and checks, microseconds (last 1,024). */
  public long getHandoffLoadLatencyP50Micros() { return statistics.loadLatency.percentile(50); }
  /** 99th percentile latency of loads and checks, microseconds (last 1,024). */
  public long getHandoffLoadLatencyP99Micros() { return statistics.loadLatency.percentile(99); }
  /** Median latency of saves, microseconds (last 1,024). */
  public long getHandoffSaveLatencyP50Micros() { return statistics.saveLatency.percentile(50); }
  /** 99th percentile latency of saves, microseconds (last 1,024). */
  public long getHandoffSaveLatencyP99Micros() { return statistics.saveLatency.percentile(99); }

  /** The session values' codec: the serializer, with the webapp's class loader and this manager's logging. */
  SessionValues values() {
    return values;
  }

  /**
   * The session's lock for a request to {@code uri}, when locking applies to it; empty when it
   * does not, or when lockWait passed (the request then proceeds unlocked, logged) or Redis is away.
   */
  Optional<dev.handoff.store.SessionLock> lockFor(String sessionId, String uri) {
    if (sessionId == null || !requests.locks(uri)) {
      return Optional.empty();
    }
    try {
      statistics.roundTrips.increment();
      Optional<dev.handoff.store.SessionLock> lock = store.lock(sessionId);
      if (lock.isEmpty()) {
        LOG.warn("[" + store.config().namespace() + "] " + SessionIds.forLog(sessionId) + ": lock not obtained within lockWait = "
            + store.config().lockWait().toMillis() + "ms; the request proceeds without it");
      }
      return lock;
    } catch (StoreUnavailableException e) {
      return Optional.empty();
    }
  }

  /** Releases a request's lock; a lock found lost (its lease ran out, logged by the store) is counted. */
  void release(dev.handoff.store.SessionLock lock) {
    try {
      lock.close();
    } catch (StoreUnavailableException e) {
      // Redis unreachable: the lease ends it
    }
    if (lock.lost()) {
      statistics.locksLost.increment();
    }
  }

  boolean failsWhenRedisIsDown() {
    return requests.failurePolicy() == RequestConfig.FailurePolicy.FAIL;
  }

  Context context() {
    return getContext();
  }

  /**
   * Whether Tomcat's {@code sessionAttributeNameFilter} and
   * {@code sessionAttributeValueClassNameFilter} let this attribute travel through Redis (both
   * unset: every attribute does), without the warning {@link #willAttributeDistribute} logs; a null
   * value is checked by its name only.
   */
  boolean distributes(String name, Object value) {
    java.util.regex.Pattern names = getSessionAttributeNamePattern();
    java.util.regex.Pattern classes = getSessionAttributeValueClassNamePattern();
    return (names == null || names.matcher(name).matches())
        && (value == null || classes == null || classes.matcher(value.getClass().getName()).matches());
  }

  /** Why an attribute Redis holds is not served here, for the log; null when the filters let it. */
  String refusal(String name, Object value) {
    if (distributes(name, null)) {
      return distributes(name, value) ? null : "its class " + value.getClass().getName()
          + " does not match sessionAttributeValueClassNameFilter " + getSessionAttributeValueClassNamePattern();
    }
    return "its name does not match sessionAttributeNameFilter " + getSessionAttributeNamePattern();
  }

  static String namespace(Context context) {
    String path = context.getPath().isEmpty() ? "/" : context.getPath();
    return context.getParent().getName() + path;
  }

}
