package dev.handoff.jetty;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationException;
import dev.handoff.store.ExpiredSession;
import dev.handoff.store.Login;
import dev.handoff.store.MalformedSessionException;
import dev.handoff.store.ReadResult;
import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.RequestConfig;
import dev.handoff.store.Settings;
import dev.handoff.store.StoreUnavailableException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.session.AbstractSessionDataStore;
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

  private static final int LAST_KNOWN_SESSIONS = 10_000;

  private final StoreSettings settings;
  private final Map<String, Claim> claimed = new ConcurrentHashMap<>();
  /**
   * The sessions this node served last, to keep serving them while Redis is unreachable (G7);
   * their changes meanwhile are queued by the store. Bounded; emptied when the context stops.
   */
  private final Map<String, SessionData> lastKnown = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionData> eldest) {
          return size() > LAST_KNOWN_SESSIONS;
        }
      });
  /**
   * The record Redis holds for each session this node read or wrote last, with its version: a load
   * checks it in one round trip with a reply of a few bytes, and only a stale copy comes back whole.
   */
  private final Map<String, SessionRecord> copies = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionRecord> eldest) {
          return size() > LAST_KNOWN_SESSIONS;
        }
      });
  private volatile SessionStore store;
  private volatile AttributeSerializer serializer;
  private volatile RequestConfig requests = RequestConfig.defaults();
  private volatile ClassLoader loader;
  private volatile String namespace;

  private record Claim(ExpiredSession session, long at) {
  }

  private final java.util.function.Function<dev.handoff.store.StoreConfig, SessionStore> storeOpener;

  RedisSessionDataStore(StoreSettings settings, java.util.function.Function<dev.handoff.store.StoreConfig, SessionStore> storeOpener) {
    this.settings = settings;
    this.storeOpener = storeOpener;
  }

  /** The namespace a context gets unless one is set: its virtual host and canonical context path. */
  static String defaultNamespace(String vhost, String canonicalContextPath) {
    return vhost + "/" + canonicalContextPath;
  }

  @Override
  protected void doStart() throws Exception {
    String fallback = defaultNamespace(_context.getVhost(), _context.getCanonicalContextPath());
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
    LOG.info("[{}] Handoff serializer: {}, {}, gracePeriodSec={}, savePeriodSec={}", namespace, serializer.config(),
        requests, getGracePeriodSec(), getSavePeriodSec());
    super.doStart();
  }

  @Override
  protected void doStop() throws Exception {
    super.doStop();
    claimed.clear();
    lastKnown.clear();
    copies.clear();
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

  @Override
  public SessionData newSessionData(String id, long created, long accessed, long lastAccessed, long maxInactiveMs) {
    RedisSessionData data = new RedisSessionData(id, _context.getCanonicalContextPath(), _context.getVhost(), created,
        accessed, lastAccessed, maxInactiveMs);
    data.trackReads(requests.checkInPlaceChanges());
    return data;
  }

  @Override
  public SessionData doLoad(String id) throws Exception {
    Claim claim = claimed.get(id);
    Optional<SessionRecord> record;
    try {
      record = claim != null ? Optional.of(claim.session().record()) : read(id);
    } catch (StoreUnavailableException e) {
      SessionData known = lastKnown.get(id);
      if (known == null) {
        throw e;
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] Redis unreachable: {} served from this node's last copy", namespace, SessionIds.forLog(id));
      }
      return known;
    } catch (MalformedSessionException e) {
      throw new UnreadableSessionDataException(id, _context, e);
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] load {}: {}", namespace, SessionIds.forLog(id), claim != null ? "claimed here" : record);
    }
    if (record.isEmpty()) {
      return null;
    }
    try {
      RedisSessionData data = SessionMapping.toSessionData(record.get(), _context.getCanonicalContextPath(),
          _context.getVhost(), serializer, loader, namespace, _context.getContext());
      data.trackReads(requests.checkInPlaceChanges());
      data.setLastNode(SessionMapping.lastNode(data.getLastNode(), store.config().nodeName(), _context.getWorkerName()));
      lastKnown.put(id, data);
      return data;
    } catch (SerializationException | ClassCastException e) {
      throw new UnreadableSessionDataException(id, _context, e);
    }
  }

  /** The session as Redis holds it: this node's copy checked by version, or read whole. One round trip. */
  private Optional<SessionRecord> read(String id) {
    SessionRecord known = copies.get(id);
    ReadResult result = store.read(id, known == null ? 0 : known.version(), false);
    SessionRecord record = null;
    if (result instanceof ReadResult.Current current && known != null) {
      record = known.withChange(SessionChange.builder().lastAccessedTime(current.lastAccessedTime())
          .maxInactiveSeconds(current.maxInactiveSeconds()).build(), current.version());
    } else if (result instanceof ReadResult.Loaded loaded) {
      record = loaded.record();
    }
    remember(id, record);
    return Optional.ofNullable(record);
  }

  private void remember(String id, SessionRecord record) {
    if (record == null) {
      copies.remove(id);
    } else {
      copies.put(id, record);
    }
  }

  @Override
  public boolean doExists(String id) throws Exception {
    if (claimed.containsKey(id)) {
      return false; // expired, and being expired by this node
    }
    try {
      return store.exists(id);
    } catch (StoreUnavailableException e) {
      return lastKnown.containsKey(id);
    }
  }

  @Override
  public void doStore(String id, SessionData data, long lastSaveTime) throws Exception {
    lastKnown.put(id, data);
    RedisSessionData tracked = data instanceof RedisSessionData r ? r : null;
    // Jetty clears lastSaved when the data is new to the store: a new session, or a new id (renewed on login).
    boolean persisted = lastSaveTime > 0 && (tracked == null || tracked.persisted());
    if (!persisted) {
      SessionRecord record = SessionMapping.toRecord(data, serializer, loader, store.config().nodeName(), namespace);
      String token = tracked != null ? tracked.createToken() : SessionStore.newCreateToken();
      SaveResult created = store.create(record, token);
      if (created.status() == SaveResult.Status.SAVED) {
        // Version 1: Redis holds exactly this record; above 1, an earlier attempt of ours was changed since.
        remember(id, created.version() == 1 ? record.withChange(SessionChange.builder().build(), 1) : null);
        if (tracked != null) {
          tracked.stored().clear();
          tracked.stored().putAll(record.attributes());
          tracked.markSaved(record.lastAccessedTime(), record.maxInactiveSeconds());
          tracked.savedLogin(record.principal());
        }
        return;
      }
      // Another session holds the id in Redis (a resent create of our own would have matched its
      // token): write this data over it as a change.
      if (tracked != null) {
        store.load(id).ifPresent(existing -> tracked.stored().putAll(existing.attributes()));
      }
    }
    SessionChange change = change(data, tracked, persisted);
    if (change == null) {
      return;
    }
    SaveResult result = store.save(id, change);
    SessionRecord known = copies.get(id);
    remember(id, result.status() == SaveResult.Status.SAVED && known != null && known.version() == result.version() - 1
        ? known.withChange(change, result.version()) : null);
    if (result.status() == SaveResult.Status.GONE) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] {} was invalidated or expired elsewhere; not written", namespace, SessionIds.forLog(id));
      }
      return;
    }
    if (tracked != null) {
      change.set().forEach(tracked.stored()::put);
      change.removed().forEach(tracked.stored()::remove);
      if (change.loginChanged()) {
        tracked.savedLogin(change.principal());
      }
      tracked.markSaved(SessionMapping.lastAccess(data), SessionMapping.maxInactiveSeconds(data));
    }
  }

  /**
   * What to write: attributes set, removed, or read and changed in place (by their bytes), and the
   * times. Null when only the access time moved and the store says no touch is due yet.
   */
  private SessionChange change(SessionData data, RedisSessionData tracked, boolean persisted) {
    SessionChange.Builder change = SessionChange.builder();
    boolean attributesChanged = false;
    Map<String, byte[]> stored = tracked != null ? tracked.stored() : Map.of();
    for (Map.Entry<String, Object> entry : data.getAllAttributes().entrySet()) {
      String name = entry.getKey();
      if (SessionMapping.isLoginEntry(name, entry.getValue(), data)) {
        continue;
      }
      byte[] before = stored.get(name);
      boolean mayHaveChanged = tracked == null || !persisted || before == null || tracked.changed().contains(name)
          || (requests.checkInPlaceChanges() && tracked.read().contains(name));
      if (!mayHaveChanged) {
        continue;
      }
      byte[] now = before == null
          ? SessionMapping.encode(serializer, entry.getValue(), loader, name, data.getId(), namespace)
          : SessionMapping.encodeIfChanged(serializer, entry.getValue(), before, loader, name, data.getId(), namespace);
      if (now != null) {
        change.set(name, now);
        attributesChanged = true;
      }
    }
    for (String name : stored.keySet()) {
      boolean keptUnread = tracked.unreadable().contains(name) && !tracked.changed().contains(name);
      if (!SessionRecord.isReserved(name) && !keptUnread && !data.getAllAttributes().containsKey(name)) {
        change.remove(name);
        attributesChanged = true;
      }
    }
    attributesChanged |= loginChange(data, tracked, persisted, change);
    long lastAccess = SessionMapping.lastAccess(data);
    int maxInactive = SessionMapping.maxInactiveSeconds(data);
    boolean limitChanged = tracked == null || maxInactive != tracked.savedMaxInactive();
    if (!attributesChanged && !limitChanged && persisted
        && !store.touchDue(tracked.savedLastAccess(), maxInactive, lastAccess)) {
      return null;
    }
    SessionMapping.containerFields(data, lastAccess, maxInactive).forEach(change::containerField);
    change.lastAccessedTime(lastAccess);
    if (limitChanged) {
      change.maxInactiveSeconds(maxInactive);
    }
    return change.build();
  }

  /**
   * The login (Jetty's login attribute, as the container-neutral record) when Jetty set or removed
   * it, and the FORM return address for the other container while nobody is logged in.
   */
  private static boolean loginChange(SessionData data, RedisSessionData tracked, boolean persisted,
      SessionChange.Builder change) {
    boolean any = false;
    byte[] savedLogin = tracked == null ? null : tracked.savedLogin();
    boolean loggedIn = savedLogin != null;
    if (tracked == null || !persisted || tracked.changed().contains(JettyLogins.AUTHENTICATED)) {
      JettyLogins.Stored login = SessionMapping.login(data);
      byte[] now = login == null ? null : login.principal();
      if (!Arrays.equals(now, savedLogin)) {
        change.login(now, login == null ? null : login.authType());
        any = true;
      }
      loggedIn = login != null;
    }
    String returnUri = loggedIn ? null : SessionMapping.returnUri(data);
    return change.setOrRemove(Login.RETURN_URI, returnUri == null ? null : Login.returnUriBytes(returnUri),
        tracked == null ? null : tracked.stored().get(Login.RETURN_URI)) || any;
  }

  @Override
  public boolean delete(String id) throws Exception {
    lastKnown.remove(id);
    copies.remove(id);
    Claim claim = claimed.remove(id);
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] delete {} (claimed here: {})", namespace, SessionIds.forLog(id), claim != null);
    }
    if (claim != null) {
      store.finishExpiry(claim.session());
      return true;
    }
    try {
      store.delete(id);
    } catch (StoreUnavailableException e) {
      LOG.warn("[{}] {} invalidated while Redis is unreachable: it stays in Redis until it expires", namespace,
          SessionIds.forLog(id));
      return false;
    }
    return true;
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

  /** The store this context uses (tests, JMX). */
  public SessionStore sessionStore() {
    return store;
  }

  @Override
  public String toString() {
    return "RedisSessionDataStore[" + namespace + ", " + super.toString() + "]";
  }
}
