package dev.handoff.jetty;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationException;
import dev.handoff.store.ExpiredSession;
import dev.handoff.store.MalformedSessionException;
import dev.handoff.store.NewSessionRefusedException;
import dev.handoff.store.ReadResult;
import dev.handoff.store.RequestConfig;
import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.Settings;
import dev.handoff.store.StoreUnavailableException;
import dev.handoff.store.TrackedSession;
import dev.handoff.store.WriteOutcome;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionContext;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.UnreadableSessionDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's SessionDataStore with sessions in Redis, one per context, made by {@link
 * RedisSessionDataStoreFactory}. Loads cost one round trip, saves one (only the attributes whose
 * bytes changed, and nothing at all when only the access time moved by less than the store's
 * touchFraction). Expiry goes by the store's expiry index: a sweep claims the sessions expired
 * anywhere in the fleet, and only the node holding a claim expires the session, once.
 */
public class RedisSessionDataStore extends AbstractSessionDataStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionDataStore.class);
  private static final int EXPIRIES_PER_SWEEP = 200;
  /** A claim older than this may be taken over by another node (the store's claim hold). */
  private static final long CLAIM_HOLD_MS = 60_000;

  private static final int TRACKED_SESSIONS = 10_000;

  private final StoreSettings settings;
  private final Map<String, Claim> claimed = new ConcurrentHashMap<>();
  /**
   * This node's one copy of each session it served last, tracked against Redis (what Redis holds,
   * its version, what is not written yet): a load checks it in one round trip with a reply of a few
   * bytes, and makes Jetty's data from it while Redis is unreachable (G7). Bounded; emptied when the
   * context stops.
   */
  private final Map<String, TrackedSession> sessions = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrackedSession> eldest) {
          return size() > TRACKED_SESSIONS;
        }
      });
  /**
   * Sessions whose last save left something unwritten (created or changed while Redis was
   * unreachable, or refused by a full queue): Jetty's cache holds them dirty, and {@link
   * #writeHeldSessions} saves them when Redis answers again, not only at their next request.
   */
  private final Map<String, SessionData> unwritten = new ConcurrentHashMap<>();
  /**
   * Sessions a stop during an outage kept ({@link #stashForNextStart}), taken up by this start and
   * written back as soon as Redis answers: created whole when Redis never had them, else the
   * changes it lacks. Served from here while Redis is still unreachable.
   */
  private final Map<String, Restored> restored = new ConcurrentHashMap<>();
  private volatile java.util.concurrent.ScheduledExecutorService writeBack;
  private volatile SessionStore store;
  private volatile AttributeSerializer serializer;
  private volatile RequestConfig requests = RequestConfig.defaults();
  private volatile ClassLoader loader;
  private volatile String namespace;
  private volatile JettyVersionCookies versionCookies;

  private record Claim(ExpiredSession session, long at) {
  }

  /** A session from the stash, with the token its create carries (the same at every attempt). */
  private record Restored(dev.handoff.store.HeldSession held, String createToken) {
  }

  private final java.util.function.Function<dev.handoff.store.StoreConfig, SessionStore> storeOpener;

  RedisSessionDataStore(StoreSettings settings, java.util.function.Function<dev.handoff.store.StoreConfig, SessionStore> storeOpener) {
    this.settings = settings;
    this.storeOpener = storeOpener;
  }

  /**
   * The namespace a context gets unless one is set: the one Tomcat gives the same application, its
   * host and context path ({@code localhost/shop}, {@code localhost/} for the root context), so
   * that Tomcat and Jetty nodes serving one application share its sessions with no setting. A
   * context without virtual hosts (Jetty's {@code 0.0.0.0}) is on Tomcat's default host,
   * {@code localhost}; one with virtual hosts takes the first, as Jetty's own session key does.
   */
  static String defaultNamespace(String vhost, String contextPath) {
    String host = vhost == null || vhost.isEmpty() || SessionContext.NULL_VHOST.equals(vhost) ? "localhost" : vhost;
    return host + (contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
  }

  @Override
  protected void doStart() throws Exception {
    String fallback = defaultNamespace(_context.getVhost(),
        _context.getContext() == null ? null : _context.getContext().getContextPath());
    try {
      Settings parsed = settings.parse(fallback, getGracePeriodSec(), _context.getWorkerName());
      serializer = AttributeSerializer.create(parsed.serializationConfig());
      requests = parsed.requestConfig();
      store = storeOpener.apply(parsed.storeConfig());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalStateException("[" + fallback + "] Handoff session store: " + e.getMessage(), e);
    }
    namespace = store.config().namespace();
    ClassLoader webapp = _context.getContext() == null ? null : _context.getContext().getClassLoader();
    loader = new WebappFirstClassLoader(webapp == null ? Thread.currentThread().getContextClassLoader() : webapp,
        RedisSessionDataStore.class.getClassLoader());
    LOG.info("[{}] Handoff on node {}, serializer: {}, {}, gracePeriodSec={}, savePeriodSec={}", namespace,
        store.config().nodeName(), serializer.config(), requests, getGracePeriodSec(), getSavePeriodSec());
    java.util.concurrent.ScheduledExecutorService executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "handoff-write-back-" + namespace);
      thread.setDaemon(true);
      return thread;
    });
    writeBack = executor;
    SessionStore opened = store;
    opened.addStateListener(state -> {
      if (state == SessionStore.State.UP && !executor.isShutdown()) {
        executor.execute(() -> {
          writeRestored();
          writeHeldSessions("Redis answers again", Set.copyOf(unwritten.keySet()));
        });
      }
    });
    opened.addDataLossListener(() -> {
      if (!executor.isShutdown()) {
        executor.execute(this::writeBackAfterDataLoss);
      }
    });
    takeUpStash();
    if (_context.getContext() instanceof org.eclipse.jetty.server.handler.ContextHandler.ScopedContext scoped) {
      versionCookies = new JettyVersionCookies(_context.getSessionManager(), this::versionHeld);
      scoped.getContextHandler().addEventListener(versionCookies);
    }
    super.doStart();
  }

  /** The version of this node's copy of the session as Redis holds it; 0 when there is none or it is not known. */
  private long versionHeld(String id) {
    TrackedSession tracked = sessions.get(id);
    return tracked != null && tracked.isPersisted() ? Math.max(0, tracked.version()) : 0;
  }

  @Override
  protected void doStop() throws Exception {
    super.doStop();
    if (versionCookies != null && _context.getContext() instanceof org.eclipse.jetty.server.handler.ContextHandler.ScopedContext scoped) {
      scoped.getContextHandler().removeEventListener(versionCookies);
      versionCookies = null;
    }
    if (writeBack != null) {
      writeBack.shutdownNow();
    }
    stashForNextStart();
    claimed.clear();
    sessions.clear();
    unwritten.clear();
    restored.clear();
    if (store != null) {
      store.close(); // the data stays in Redis
      store = null;
    }
  }

  /** Attributes are serialized: Jetty calls the activation listeners around each save and load. */
  @Override
  public boolean isPassivating() {
    return true;
  }

  /**
   * A new session's data, unless Redis is unreachable and maxQueuedBytes is reached: then Jetty
   * answers the request 503 (an {@link HttpException}), and the sessions it holds keep working.
   */
  @Override
  public SessionData newSessionData(String id, long created, long accessed, long lastAccessed, long maxInactiveMs) {
    if (store.refusesNewSessions()) {
      NewSessionRefusedException refused = new NewSessionRefusedException(namespace, store.pendingBytes(),
          store.config().maxQueuedBytes());
      throw new HttpException.RuntimeException(503, refused.getMessage(), refused);
    }
    RedisSessionData data = new RedisSessionData(id, _context.getCanonicalContextPath(), _context.getVhost(), created,
        accessed, lastAccessed, maxInactiveMs);
    data.trackReads(requests.checkInPlaceChanges());
    return data;
  }

  @Override
  public SessionData doLoad(String id) throws Exception {
    Claim claim = claimed.get(id);
    SessionRecord record;
    TrackedSession tracked;
    Restored kept = restored.get(id);
    try {
      if (kept != null && !writeRestored(kept)) { // Redis is still unreachable: served as the stop left it
        record = kept.held().record();
        tracked = TrackedSession.restored(record);
        if (!kept.held().persisted()) {
          tracked.markNew();
        }
        sessions.put(id, tracked);
      } else if (claim != null) {
        record = claim.session().record();
        tracked = TrackedSession.restored(record);
        sessions.put(id, tracked);
      } else {
        tracked = read(id);
        record = tracked == null ? null : tracked.storedRecord();
      }
    } catch (StoreUnavailableException e) {
      tracked = sessions.get(id);
      record = tracked == null ? null : tracked.storedRecord();
      if (record == null) {
        throw e;
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] Redis unreachable: {} served from this node's copy", namespace, SessionIds.forLog(id));
      }
    } catch (MalformedSessionException e) {
      throw new UnreadableSessionDataException(id, _context, e);
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] load {}: {}", namespace, SessionIds.forLog(id), claim != null ? "claimed here" : record);
    }
    if (record == null) {
      return null;
    }
    try {
      RedisSessionData data = SessionMapping.toSessionData(record, _context.getCanonicalContextPath(),
          _context.getVhost(), serializer, loader, namespace, _context.getContext());
      data.trackReads(requests.checkInPlaceChanges());
      data.setLastNode(SessionMapping.lastNode(data.getLastNode(), store.config().nodeName(), _context.getWorkerName()));
      tracked.loginRestored(JettySessionSource.loginOf(data)); // made from the stored login: counts as written
      return data;
    } catch (SerializationException | ClassCastException e) {
      throw new UnreadableSessionDataException(id, _context, e);
    }
  }

  /**
   * This node's copy of the session, checked against Redis by its version in one round trip (the
   * whole session comes back only when another node changed it); null when Redis holds none.
   */
  private TrackedSession read(String id) {
    TrackedSession known = sessions.get(id);
    if (servesUnasked(id, known)) {
      return known;
    }
    long version = known == null || !known.isPersisted() ? 0 : Math.max(0, known.version());
    ReadResult result = store.read(id, version, false);
    if (result instanceof ReadResult.Current current && known != null) {
      known.refreshTimes(current.lastAccessedTime(), current.maxInactiveSeconds());
      return known;
    }
    if (result instanceof ReadResult.Loaded loaded) {
      if (known == null) { // one copy per session: a load that came first meanwhile keeps its own
        return sessions.computeIfAbsent(id, k -> TrackedSession.restored(loaded.record()));
      }
      known.refresh(loaded.record()); // in place: what this node has not had written yet stays
      return known;
    }
    sessions.remove(id);
    return null;
  }

  /**
   * True when this node's copy may be used with no round trip: the client has seen no later version
   * written (its version cookie), the copy has not expired by its own times, and the store knows it
   * current (it would have heard of a later write or an invalidation).
   */
  private boolean servesUnasked(String id, TrackedSession known) {
    if (known == null || !known.isPersisted() || known.version() <= 0) {
      return false;
    }
    long client = JettyVersionCookies.clientVersion(id);
    SessionRecord record = known.storedRecord();
    boolean expired = record.maxInactiveSeconds() > 0 && record.expiryTime() <= System.currentTimeMillis();
    return client > 0 && client <= known.version() && !expired && store.knowsCurrent(id, known.version());
  }

  @Override
  public boolean doExists(String id) throws Exception {
    if (claimed.containsKey(id)) {
      return false; // expired, and being expired by this node
    }
    try {
      return store.exists(id);
    } catch (StoreUnavailableException e) {
      return sessions.containsKey(id);
    }
  }

  /**
   * One save of Jetty's = one request's changes on the session's tracked copy: the names Jetty
   * marked dirty, and the attributes read when checkInPlaceChanges; all of them when Redis does not
   * hold the session yet. Local state counts as written only once the store acknowledged the
   * write; when something could not be written this throws, so that Jetty keeps its data dirty
   * (and resident) and its next save writes it again: AbstractSessionDataStore.store's rule.
   */
  @Override
  public void doStore(String id, SessionData data, long lastSaveTime) throws Exception {
    try {
      storeChanges(id, data, lastSaveTime);
      unwritten.remove(id);
    } catch (RuntimeException e) {
      unwritten.put(id, data); // Jetty's cache keeps it dirty; written when Redis answers again
      throw e;
    }
  }

  private void storeChanges(String id, SessionData data, long lastSaveTime) {
    TrackedSession tracked = sessions.get(id);
    // Jetty clears lastSaved when the data is new to the store: a new session, or a new id (renewed on login).
    if (tracked == null || (lastSaveTime <= 0 && tracked.isPersisted())) {
      tracked = TrackedSession.created(id);
      sessions.put(id, tracked);
    }
    WriteOutcome outcome = write(tracked, data, false);
    if (outcome.wrote() && outcome.result().status() == SaveResult.Status.ID_TAKEN) {
      // Another session holds the id in Redis (a resent create of our own would have matched its
      // token): this data is written over it.
      Optional<SessionRecord> existing = store.load(id);
      if (existing.isEmpty()) {
        return; // gone meanwhile: the next save creates it
      }
      tracked = TrackedSession.restored(existing.get());
      sessions.put(id, tracked);
      outcome = write(tracked, data, true);
    }
    if (outcome.wrote() && outcome.result().status() == SaveResult.Status.GONE) {
      sessions.remove(id, tracked);
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] {} was invalidated or expired elsewhere; not written", namespace, SessionIds.forLog(id));
      }
      return;
    }
    if (tracked.hasUnwrittenChanges()) {
      throw new IllegalStateException("[" + namespace + "] " + SessionIds.forLog(id)
          + ": an attribute could not be stored (logged above); the session is kept and written again by its next save");
    }
  }

  private WriteOutcome write(TrackedSession tracked, SessionData data, boolean whole) {
    return JettyChanges.write(store, tracked, data, whole, requests.checkInPlaceChanges(),
        new JettySessionSource(data, serializer, loader, namespace));
  }

  @Override
  public boolean delete(String id) throws Exception {
    sessions.remove(id);
    unwritten.remove(id);
    restored.remove(id);
    Claim claim = claimed.remove(id);
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] delete {} (claimed here: {})", namespace, SessionIds.forLog(id), claim != null);
    }
    if (claim != null) {
      store.finishExpiry(claim.session());
      return true;
    }
    store.delete(id); // while Redis is unreachable: queued, and applied before anything else when it returns
    return true;
  }

  /**
   * Saves each of {@code ids} that Jetty's cache holds as at the end of a request: the cache takes
   * the session, it is marked dirty, and its release stores it (activation listeners included), so
   * that a session created or changed during an outage reaches Redis even if its user does not come
   * back. A session in a request meanwhile is stored by that request's release. Runs on its own
   * thread, one session at a time.
   */
  private void writeHeldSessions(String why, Set<String> ids) {
    org.eclipse.jetty.session.SessionCache cache = _context.getSessionManager().getSessionCache();
    int written = 0;
    for (String id : ids) {
      if (store == null || store.state() != SessionStore.State.UP) {
        return; // down again: the next recovery writes the rest
      }
      try {
        if (!cache.contains(id)) {
          unwritten.remove(id); // no longer held here: nothing to write
          continue;
        }
        org.eclipse.jetty.session.ManagedSession session = cache.get(id);
        if (session == null) {
          continue;
        }
        try (org.eclipse.jetty.util.thread.AutoLock ignored = session.lock()) {
          session.getSessionData().setDirty(true);
        } finally {
          cache.release(session);
        }
        written += unwritten.containsKey(id) ? 0 : 1;
      } catch (Exception e) { // logged by Jetty's save; the session's next request writes it
        if (LOG.isDebugEnabled()) {
          LOG.debug("[{}] {}: {} not written yet: {}", namespace, why, SessionIds.forLog(id), e.toString());
        }
      }
    }
    if (written > 0) {
      LOG.info("[{}] {}: {} sessions held in memory were written", namespace, why, written);
    }
  }

  /**
   * Redis lost its data: every session this node tracks is written again. One that Jetty's cache
   * holds (in a request, or with changes not written) is marked new and saved whole through the
   * cache; any other is created from the copy this node last read or wrote. Create-only: where
   * another node wrote a session back first, that copy stands.
   */
  private void writeBackAfterDataLoss() {
    org.eclipse.jetty.session.SessionCache cache = _context.getSessionManager().getSessionCache();
    Set<String> resident = new HashSet<>();
    int created = 0;
    for (String id : snapshotIds()) {
      TrackedSession tracked = sessions.get(id);
      try {
        if (tracked == null) {
          continue;
        }
        if (cache.contains(id)) {
          tracked.markNew();
          resident.add(id);
          continue;
        }
        SessionRecord record = tracked.storedRecord();
        if (record != null && store.create(record, SessionStore.newCreateToken()).status() == SaveResult.Status.SAVED) {
          created++;
        }
      } catch (Exception e) { // Redis down again, or a size limit: this copy is not written back
        if (LOG.isDebugEnabled()) {
          LOG.debug("[{}] Redis lost its data: {} not written back: {}", namespace, SessionIds.forLog(id), e.toString());
        }
      }
    }
    if (created > 0) {
      LOG.info("[{}] Redis lost its data: {} sessions this node had copies of were written back", namespace, created);
    }
    writeHeldSessions("Redis lost its data", resident);
  }

  private Set<String> snapshotIds() {
    synchronized (sessions) {
      return Set.copyOf(sessions.keySet());
    }
  }

  /**
   * The candidates (sessions this node holds whose time is up) that are gone from Redis or that
   * this node has claimed for expiry, plus every other session the sweep claimed: expired
   * anywhere, abandoned by any node, expired here, once.
   */
  @Override
  public Set<String> doCheckExpired(Set<String> candidates, long time) {
    Set<String> expired = new HashSet<>(sweep(candidates));
    for (String id : candidates) {
      if (claimed.containsKey(id)) {
        expired.add(id);
        continue;
      }
      try {
        if (!store.exists(id)) {
          expired.add(id);
        }
      } catch (StoreUnavailableException e) {
        // checked again at the next scavenge
      }
    }
    return expired;
  }

  /** Sessions of this context that expired on any node and that this node claimed for expiry. */
  @Override
  public Set<String> doGetExpired(long before) {
    return sweep(Set.of());
  }

  /**
   * Sessions expired before {@code time} that nobody expired: deleted without their listeners,
   * as Jetty's other stores do. Found through the expiry index, never by listing keys.
   */
  @Override
  public void doCleanOrphans(long time) {
    for (String id : sweep(Set.of())) {
      Claim claim = claimed.get(id);
      if (claim != null && claim.session().record().expiryTime() <= time && claimed.remove(id, claim)) {
        store.finishExpiry(claim.session());
      }
    }
  }

  /** Claims what the expiry index says is due; returns the ids newly claimed. */
  private Set<String> sweep(Set<String> idsHeld) {
    long now = System.currentTimeMillis();
    claimed.values().removeIf(claim -> claim.at() + CLAIM_HOLD_MS < now); // another node may have taken over
    Set<String> ids = new HashSet<>();
    try {
      for (ExpiredSession session : store.claimExpired(EXPIRIES_PER_SWEEP, idsHeld)) {
        claimed.put(session.record().id(), new Claim(session, now));
        if (LOG.isDebugEnabled()) {
          LOG.debug("[{}] claimed {} for expiry", namespace, SessionIds.forLog(session.record().id()));
        }
        ids.add(session.record().id());
      }
    } catch (StoreUnavailableException e) {
      // the next sweep tries again
    }
    return ids;
  }

  /**
   * A stop (or a reload) while Redis is unreachable or has writes queued: after one more try to
   * write, the store's queue and the sessions this node tracks (with the changes Redis lacks, from
   * the data Jetty's cache held) are kept in a file under java.io.tmpdir named by the namespace and
   * node, which the next start of the context takes up.
   */
  private void stashForNextStart() {
    if (store == null || !holdsForRedis()) {
      return;
    }
    store.flushPending();
    if (!holdsForRedis()) {
      return;
    }
    java.util.List<dev.handoff.store.HeldSession> held = new java.util.ArrayList<>();
    restored.values().forEach(r -> held.add(r.held()));
    for (String id : snapshotIds()) {
      TrackedSession tracked = sessions.get(id);
      if (tracked == null || restored.containsKey(id)) {
        continue;
      }
      SessionData data = unwritten.get(id);
      if (data != null) {
        held.add(new dev.handoff.store.HeldSession(tracked.snapshot(new JettySessionSource(data, serializer, loader,
            namespace)), tracked.isPersisted(), tracked.unwrittenNames()));
      } else if (tracked.isPersisted()) {
        held.add(new dev.handoff.store.HeldSession(tracked.storedRecord(), true, Set.of()));
      }
    }
    java.nio.file.Path file = stashFile();
    try {
      store.stash(file, held);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.error("[{}] could not keep what Redis lacks in {}; it is written now if Redis answers, else lost", namespace,
          file, e);
    }
  }

  private boolean holdsForRedis() {
    return store.state() != SessionStore.State.UP || store.pendingWrites() > 0 || !unwritten.isEmpty()
        || !restored.isEmpty();
  }

  /** Under java.io.tmpdir: one file per namespace and node (several nodes may share a machine). */
  private java.nio.file.Path stashFile() {
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256").digest((namespace + "\u0000"
          + store.config().nodeName()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
        "handoff-" + java.util.HexFormat.of().formatHex(digest, 0, 8) + ".stash");
  }

  /** The start after a stop that kept what Redis lacked: the queue goes on, the sessions are written back. */
  private void takeUpStash() {
    java.nio.file.Path file = stashFile();
    if (!java.nio.file.Files.exists(file)) {
      return;
    }
    try {
      for (dev.handoff.store.HeldSession held : store.unstash(file)) {
        restored.put(held.record().id(), new Restored(held, SessionStore.newCreateToken()));
      }
    } catch (java.io.IOException | RuntimeException e) {
      java.nio.file.Path aside = file.resolveSibling(file.getFileName() + ".refused-" + System.currentTimeMillis());
      try {
        java.nio.file.Files.move(file, aside);
      } catch (java.io.IOException moveFailed) {
        aside = file;
      }
      LOG.error("[{}] {} was not taken up ({}); it is kept as {}", namespace, file, e.getMessage(), aside, e);
      return;
    }
    writeRestored();
    // and every second until all is written (the first calls after Redis returns may still fail)
    writeBack.scheduleWithFixedDelay(() -> {
      if (!restored.isEmpty()) {
        writeRestored();
      }
    }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Writes back every session the stash held that Redis can take now. */
  private void writeRestored() {
    int written = 0;
    for (Restored kept : java.util.List.copyOf(restored.values())) {
      written += writeRestored(kept) ? 1 : 0;
    }
    if (written > 0) {
      LOG.info("[{}] {} sessions kept across the stop were written back", namespace, written);
    }
  }

  /**
   * One session of the stash: created whole when Redis never had it (where another session took
   * the id meanwhile, that one stands), else the changes Redis lacks saved (queued while Redis is
   * unreachable), and then held as this node's copy. False when Redis could not take it yet.
   */
  private boolean writeRestored(Restored kept) {
    dev.handoff.store.HeldSession held = kept.held();
    String id = held.record().id();
    try {
      if (!held.persisted()) {
        store.create(held.record(), kept.createToken());
      } else if (!held.unwritten().isEmpty()) {
        dev.handoff.store.SessionChange.Builder change = dev.handoff.store.SessionChange.builder();
        for (String name : held.unwritten()) {
          byte[] value = held.record().attributes().get(name);
          if (value == null) {
            change.remove(name);
          } else {
            change.set(name, value);
          }
        }
        store.save(id, change.build());
      }
    } catch (IllegalArgumentException e) { // above a size limit: it never will be
      LOG.warn("[{}] {} kept across the stop could not be written back: {}", namespace, SessionIds.forLog(id),
          e.toString());
    } catch (RuntimeException e) { // Redis unreachable, or a failure of this attempt: tried again
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] {} kept across the stop not written back yet: {}", namespace, SessionIds.forLog(id), e.toString());
      }
      return false;
    }
    if (restored.remove(id, kept)) {
      sessions.put(id, TrackedSession.restored(held.record())); // this node's copy; checked against Redis by its next request
    }
    return true;
  }

  /** The store this context uses (tests, JMX). */
  public SessionStore sessionStore() {
    return store;
  }

  @Override
  public String toString() {
    return "RedisSessionDataStore[" + namespace + ", " + super.toString() + "]";
  }
}
