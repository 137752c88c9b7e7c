package dev.handoff.store;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's copy of one session, tracked against what Redis holds: the entries as stored (attribute
 * bytes, notes), the version, the saved access time and inactivity limit, the login, and the
 * changes not yet written. Each request keeps its own {@link RequestChanges}; they merge into the
 * session's when the request saves. A change counts as written only once the store acknowledged
 * it ({@link SaveResult.Status#SAVED}, or {@link SaveResult.Status#QUEUED} when the store holds it
 * for Redis): a write that fails or is refused leaves every change in place for the next save.
 * One per session on a node. Contains no container code: adapters map their fields onto it.
 */
public final class TrackedSession {

  private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  /** Names set or removed by requests that saved, whose write is not yet acknowledged. */
  private final Set<String> unwritten = ConcurrentHashMap.newKeySet();
  private final Set<RequestChanges> openRequests = ConcurrentHashMap.newKeySet();
  /** Changes made outside any request (a background thread, a listener), written by the next save. */
  private final RequestChanges outsideRequests = new RequestChanges();
  private volatile String id;
  private volatile long version;
  private volatile boolean persisted;
  private volatile long savedAccessTime;
  private volatile int savedMaxInactive = Integer.MIN_VALUE;
  private volatile Object savedPrincipal;
  private volatile byte[] savedPrincipalBytes;
  private volatile boolean loginUnwritten;
  private volatile String savedAuthType;
  private volatile long creationTime;
  private volatile String lastNode;
  /** The container fields Redis holds, as this node last read or wrote them. */
  private volatile Map<ContainerField, Long> savedFields = Map.of();
  /** Carried by every attempt to create this copy in Redis, so that a resent create is known as ours. */
  private volatile String createToken = SessionStore.newCreateToken();

  private TrackedSession(String id) {
    this.id = id;
  }

  /** A new session, not yet in Redis: its first write creates it whole. */
  public static TrackedSession created(String id) {
    return new TrackedSession(id);
  }

  /** The copy of a session as read from Redis; {@link #loginRestored} names the container's login object. */
  public static TrackedSession restored(SessionRecord record) {
    TrackedSession session = new TrackedSession(record.id());
    session.stored.putAll(record.attributes());
    session.version = record.version();
    session.persisted = true;
    session.savedAccessTime = record.lastAccessedTime();
    session.savedMaxInactive = record.maxInactiveSeconds();
    session.savedPrincipalBytes = record.principal();
    session.restoreMetadata(record);
    return session;
  }

  private void restoreMetadata(SessionRecord record) {
    savedAuthType = record.authType();
    creationTime = record.creationTime();
    lastNode = record.lastNode();
    savedFields = record.containerFields();
  }

  /** The container's login object made from the stored login: it counts as written. */
  public void loginRestored(Object principal) {
    this.savedPrincipal = principal;
  }

  public String id() {
    return id;
  }

  /** The session moved to a new id in Redis (or is about to be written under it). */
  public void moveTo(String newId) {
    this.id = newId;
  }

  /** The bytes Redis holds for this entry, as this node last read or wrote them; null when absent. */
  public byte[] stored(String name) {
    return stored.get(name);
  }

  /** The names of the entries Redis holds, as this node last read or wrote them. */
  public Set<String> storedNames() {
    return stored.keySet();
  }

  /** The version of the copy; 0 before the first write, -1 when the next check must read it whole. */
  public long version() {
    return version;
  }

  /** True once Redis holds the session (a create was acknowledged, or it was read from Redis). */
  public boolean isPersisted() {
    return persisted;
  }

  /**
   * The session as Redis holds it, as far as this node knows (its last read, or its last write
   * Redis acknowledged); null while Redis does not hold it. For a container that makes its session
   * object anew from the record for each request.
   */
  public SessionRecord storedRecord() {
    if (!persisted) {
      return null;
    }
    return new SessionRecord(id, creationTime, savedAccessTime, savedMaxInactive, version, lastNode,
        savedPrincipalBytes, savedAuthType, new LinkedHashMap<>(stored), savedFields);
  }

  /**
   * The whole session as this node holds it, to keep it across a restart of the application while
   * Redis is unreachable ({@link #restored} and {@link #keepUnwritten} take it up again): what
   * Redis holds or the store queued, with the changes not yet written encoded from the container's
   * values (a value that cannot be encoded now keeps its stored bytes), and the container's
   * entries and login. Its version is 0 while Redis does not hold the session.
   */
  public synchronized SessionRecord snapshot(SessionSource source) {
    Map<String, byte[]> all = new LinkedHashMap<>(stored);
    for (String name : Set.copyOf(unwritten)) {
      Object value = source.attribute(name);
      try {
        if (value == null) {
          all.remove(name);
        } else {
          all.put(name, source.encode(name, value));
        }
      } catch (IllegalArgumentException cannotBeStored) {
        // keeps the bytes stored before; the adapter has logged why
      }
    }
    source.entries().forEach((name, bytes) -> {
      if (bytes == null) {
        all.remove(name);
      } else {
        all.put(name, bytes);
      }
    });
    Object principal = source.principal();
    byte[] login = principal == savedPrincipal && !loginUnwritten ? savedPrincipalBytes
        : principal == null ? null : source.principalBytes();
    return new SessionRecord(id, source.creationTime(), Math.max(savedAccessTime, source.accessTime()),
        source.maxInactiveSeconds(), persisted ? version : 0, lastNode == null ? "" : lastNode, login,
        login == null ? null : source.authType(), all, savedFields);
  }

  /** The names a request set or removed whose write is not acknowledged yet (for {@link #snapshot}). */
  public synchronized Set<String> unwrittenNames() {
    return Set.copyOf(unwritten);
  }

  /** Names to write with the next save although their bytes are stored here: a snapshot taken up again. */
  public synchronized void keepUnwritten(Set<String> names) {
    unwritten.addAll(names);
  }

  /**
   * True when a change a request saved is not written yet: its value could not be encoded (too
   * large, not serializable), or its write failed; the next save tries it again.
   */
  public boolean hasUnwrittenChanges() {
    return !unwritten.isEmpty();
  }

  /** The access time Redis holds, as far as this node knows. */
  public long savedAccessTime() {
    return savedAccessTime;
  }

  /**
   * True when a request on this node set or removed the attribute and Redis has not acknowledged
   * it yet: the container's own value (or its absence) is the attribute's, not the stored bytes.
   */
  public boolean changedLocally(String name) {
    return unwritten.contains(name) || outsideRequests.touches(name)
        || openRequests.stream().anyMatch(request -> request.touches(name));
  }

  /** A request starts using the session: its own set of read, set and removed names. */
  public RequestChanges beginRequest() {
    RequestChanges request = new RequestChanges();
    openRequests.add(request);
    return request;
  }

  /** The request ended (after its save): its names are no longer protected from a refresh. */
  public void endRequest(RequestChanges request) {
    openRequests.remove(request);
  }

  /** For changes made on a thread that serves no request: the next save of any request writes them. */
  public RequestChanges outsideRequests() {
    return outsideRequests;
  }

  /**
   * A version check found the copy current: Redis holds this access time and limit.
   *
   * @return true when the limit differs from the one this node last saved (another node changed it)
   */
  public boolean refreshTimes(long lastAccess, int maxInactive) {
    savedAccessTime = Math.max(savedAccessTime, lastAccess);
    if (maxInactive != savedMaxInactive) {
      savedMaxInactive = maxInactive;
      return true;
    }
    return false;
  }

  /**
   * Another node changed the session: the copy takes {@code record} in place (the same object, so
   * the requests running on it keep their changes). Entries a request on this node set or removed
   * and has not had written keep their local value.
   */
  public synchronized RefreshedCopy refresh(SessionRecord record) {
    Set<String> kept = new HashSet<>();
    Set<String> names = new HashSet<>(stored.keySet());
    names.addAll(record.attributes().keySet());
    names.stream().filter(this::changedLocally).forEach(kept::add);
    Set<String> stale = new HashSet<>();
    for (String name : Set.copyOf(stored.keySet())) {
      if (!record.attributes().containsKey(name)) {
        stored.remove(name);
        if (!kept.contains(name)) {
          stale.add(name);
        }
      }
    }
    record.attributes().forEach((name, bytes) -> {
      byte[] before = stored.put(name, bytes);
      if (!Arrays.equals(before, bytes) && !kept.contains(name)) {
        stale.add(name);
      }
    });
    boolean loginChanged = !Arrays.equals(savedPrincipalBytes, record.principal()) && !loginUnwritten;
    savedPrincipalBytes = record.principal();
    restoreMetadata(record);
    boolean limitChanged = record.maxInactiveSeconds() != savedMaxInactive;
    savedMaxInactive = record.maxInactiveSeconds();
    savedAccessTime = Math.max(savedAccessTime, record.lastAccessedTime());
    version = record.version();
    persisted = true;
    return new RefreshedCopy(stale, loginChanged, limitChanged);
  }

  /** Redis no longer holds the session under its id: the next write creates it whole again. */
  public synchronized void markNew() {
    persisted = false;
    version = 0;
    loginUnwritten = true;
    savedMaxInactive = Integer.MIN_VALUE;
    createToken = SessionStore.newCreateToken();
  }

  /**
   * Writes what changed: the names {@code request} (and earlier requests whose writes failed) set or
   * removed, the attributes it read that changed in place (when {@code checkInPlace}), the entries,
   * login and limit of {@code source} that differ from what is stored, and the access time when
   * {@code touch} or anything else is written. The whole session when Redis does not hold it yet.
   * Local state changes only once the store acknowledged the write; on an exception (Redis
   * unreachable, a size limit, too few replicas) every change stays, for the next save.
   */
  public WriteOutcome write(SessionStore store, RequestChanges request, SessionSource source, boolean checkInPlace,
      boolean touch) {
    return write(Writes.of(store), request, source, checkInPlace, touch);
  }

  synchronized WriteOutcome write(Writes writes, RequestChanges request, SessionSource source, boolean checkInPlace,
      boolean touch) {
    if (request != null) {
      request.drainInto(unwritten);
    }
    outsideRequests.drainInto(unwritten);
    SessionChange.Builder builder = SessionChange.builder();
    Set<String> written = new HashSet<>();
    for (String name : Set.copyOf(unwritten)) {
      Object value = source.attribute(name);
      try {
        if (value == null) {
          builder.remove(name);
        } else {
          builder.set(name, source.encode(name, value));
        }
        written.add(name);
      } catch (IllegalArgumentException cannotBeStored) {
        // stays unwritten: the next save encodes it again
      }
    }
    boolean any = !written.isEmpty();
    Set<String> inPlace = new HashSet<>();
    if (request != null && checkInPlace) {
      for (String name : request.readNames()) {
        Object value = written.contains(name) || unwritten.contains(name) ? null : source.attribute(name);
        byte[] before = value == null ? null : stored.get(name);
        if (before == null) {
          continue;
        }
        try {
          byte[] now = source.encodeIfChanged(name, value, before);
          if (now != null) {
            builder.set(name, now);
            inPlace.add(name);
            any = true;
          }
        } catch (IllegalArgumentException cannotBeStored) {
          unwritten.add(name); // changed in place and not storable now: the next save tries again
        }
      }
    }
    for (Map.Entry<String, byte[]> entry : source.entries().entrySet()) {
      any |= builder.setOrRemove(entry.getKey(), entry.getValue(), stored.get(entry.getKey()));
    }
    Object principal = source.principal();
    boolean login = loginUnwritten || principal != savedPrincipal;
    if (login) {
      builder.login(principal == null ? null : source.principalBytes(), principal == null ? null : source.authType());
      any = true;
    }
    int limit = source.maxInactiveSeconds();
    long access = source.accessTime();
    if (limit != savedMaxInactive) {
      builder.maxInactiveSeconds(limit);
      any = true;
    }
    if (!any && !touch && persisted) {
      return WriteOutcome.NOTHING;
    }
    source.containerFields().forEach(builder::containerField); // carried by every write, never a reason for one
    builder.lastAccessedTime(access);
    SessionChange change = builder.build();
    boolean creating = !persisted;
    SessionRecord record = creating ? record(change, source, writes.nodeName()) : null;
    SaveResult result;
    try {
      result = creating ? writes.create(record, createToken) : writes.save(id, change);
    } catch (RuntimeException notWritten) {
      unwritten.addAll(inPlace);
      loginUnwritten |= login;
      throw notWritten;
    }
    switch (result.status()) {
      case SAVED, QUEUED -> {
        commit(change, written, login, principal, creating ? record : null, writes.nodeName());
        boolean next = result.status() == SaveResult.Status.SAVED && result.version() == (creating ? 1 : version + 1);
        version = next ? result.version() : -1; // -1: another write came between; the next check reads it whole
        persisted = true;
      }
      case GONE, ID_TAKEN -> unwritten.addAll(inPlace); // nothing written; the adapter drops the copy
    }
    return new WriteOutcome(result, creating ? record.size() : change.set().values().stream().mapToLong(v -> v.length).sum(),
        creating);
  }

  private SessionRecord record(SessionChange change, SessionSource source, String node) {
    Map<String, byte[]> all = new LinkedHashMap<>(stored);
    all.putAll(change.set());
    change.removed().forEach(all::remove);
    long creation = source.creationTime();
    String named = source.lastNode();
    return new SessionRecord(id, creation, Math.max(change.lastAccessedTime(), creation), source.maxInactiveSeconds(),
        0, named == null || named.isBlank() ? node : named, change.loginChanged() ? change.principal() : savedPrincipalBytes,
        change.loginChanged() ? change.authType() : null, all, change.containerFields());
  }

  private void commit(SessionChange change, Set<String> written, boolean login, Object principal,
      SessionRecord created, String node) {
    if (created != null) {
      creationTime = created.creationTime();
      lastNode = created.lastNode();
      savedAccessTime = Math.max(savedAccessTime, created.lastAccessedTime()); // never before the creation
    } else {
      lastNode = node; // a save names the node that wrote it
    }
    if (!change.containerFields().isEmpty()) {
      Map<ContainerField, Long> fields = new EnumMap<>(ContainerField.class);
      fields.putAll(savedFields);
      fields.putAll(change.containerFields());
      savedFields = fields;
    }
    stored.putAll(change.set());
    change.removed().forEach(stored::remove);
    unwritten.removeAll(written);
    if (login) {
      savedPrincipal = principal;
      savedPrincipalBytes = change.principal();
      savedAuthType = change.authType();
      loginUnwritten = false;
    }
    if (change.maxInactiveSeconds() != Integer.MIN_VALUE) {
      savedMaxInactive = change.maxInactiveSeconds();
    }
    savedAccessTime = Math.max(savedAccessTime, change.lastAccessedTime());
  }

  @Override
  public String toString() {
    return "TrackedSession[" + SessionIds.forLog(id) + ", version " + version + "]";
  }
}
