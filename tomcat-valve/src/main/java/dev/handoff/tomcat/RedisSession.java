package dev.handoff.tomcat;

import dev.handoff.store.Login;
import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.session.StandardSession;

/**
 * A Tomcat session backed by a Redis hash. Attributes arrive as bytes and are decoded on first
 * read, with the web application's class loader; an attribute that cannot be decoded is logged
 * once, hidden, and its bytes kept for nodes that can read it. Every set, removal and login is
 * remembered until the end of the request, when {@link #takeChange} hands it to the store.
 */
public class RedisSession extends StandardSession {

  private static final long serialVersionUID = 1L;
  /** Authenticator notes carried with the session: the FORM login's saved request, its session id check. */
  static final Set<String> PERSISTED_NOTES = Set.of(Constants.FORM_REQUEST_NOTE, Constants.SESSION_ID_NOTE);
  private static final String NOTE_PREFIX = "\u0000note:";
  /** The session id note as stored: "the session's own id". */
  private static final byte[] SESSION_ID_MARKER = {'=', 'i', 'd'};

  private final transient Map<String, byte[]> stored = new ConcurrentHashMap<>();
  private final transient Set<String> unreadable = ConcurrentHashMap.newKeySet();
  private final transient Set<String> changed = ConcurrentHashMap.newKeySet();
  private final transient Set<String> removed = ConcurrentHashMap.newKeySet();
  private final transient Set<String> read = ConcurrentHashMap.newKeySet();
  private transient volatile long version;
  private transient volatile boolean persisted;
  private transient volatile long savedAccessTime;
  private transient volatile int savedMaxInactive;
  private transient volatile Object savedPrincipal;
  private transient volatile boolean claimedExpiry;
  /** Carried by every attempt to create this copy in Redis, so that a resent create is known as ours. */
  private transient volatile String createToken = dev.handoff.store.SessionStore.newCreateToken();
  /** Marks a login that is not yet written (savedPrincipal is never this). */
  private static final Object LOGIN_UNSAVED = new Object();
  /** A saved request made from the return address another container's login page left; dropped at login. */
  private transient volatile Object adoptedSavedRequest;

  public RedisSession(Manager manager) {
    super(manager);
  }

  private RedisSessionManager redisManager() {
    return (RedisSessionManager) manager;
  }

  /**
   * Fills a fresh session from a stored record; nothing is decoded yet but the login and Tomcat's
   * own notes ({@link #PERSISTED_NOTES}). Any other reserved entry is left as stored.
   */
  void restore(SessionRecord record) {
    this.id = record.id();
    this.creationTime = record.creationTime();
    this.lastAccessedTime = record.lastAccessedTime();
    this.thisAccessedTime = record.lastAccessedTime();
    this.maxInactiveInterval = record.maxInactiveSeconds();
    this.isNew = false;
    this.isValid = true;
    this.version = record.version();
    this.persisted = true;
    this.savedAccessTime = record.lastAccessedTime();
    this.savedMaxInactive = record.maxInactiveSeconds();
    record.attributes().forEach((name, bytes) -> {
      if (name.equals(NOTE_PREFIX + Constants.SESSION_ID_NOTE)) {
        notes.put(Constants.SESSION_ID_NOTE, id); // stored as a marker: Redis holds no session id
      } else if (name.equals(NOTE_PREFIX + Constants.FORM_REQUEST_NOTE)) {
        Object note = redisManager().decode(bytes, "note " + Constants.FORM_REQUEST_NOTE, id);
        if (note != null) {
          notes.put(Constants.FORM_REQUEST_NOTE, note);
        }
      } else {
        stored.put(name, bytes); // another container's reserved entries too: kept as stored, never decoded
      }
    });
    if (record.principal() != null) {
      this.principal = LoginMapping.fromStored(record.principal(), redisManager(), id);
    }
    this.authType = this.principal == null ? null : record.authType();
    this.savedPrincipal = this.principal;
    adoptReturnUri();
  }

  /**
   * Another container's FORM login page left the address to return to and no Tomcat saved
   * request: make one, and the session id check Tomcat's FORM login expects, so that the
   * credentials may be posted to this node.
   */
  private void adoptReturnUri() {
    String returnUri = Login.returnUri(stored.get(Login.RETURN_URI));
    if (principal == null && returnUri != null && notes.get(Constants.FORM_REQUEST_NOTE) == null) {
      adoptedSavedRequest = LoginMapping.savedRequest(returnUri);
      notes.put(Constants.FORM_REQUEST_NOTE, adoptedSavedRequest);
      notes.put(Constants.SESSION_ID_NOTE, id);
    }
  }

  /**
   * The FORM login stores the original request and the session id it expects in notes, then
   * forwards to the login page and completes that response itself, before any valve runs again:
   * so the session is written as each of these notes is set, or the credentials, posted at once to
   * another node, would find no saved request there (Tomcat answers 408).
   */
  @Override
  public void setNote(String name, Object value) {
    super.setNote(name, value);
    if (value != null && PERSISTED_NOTES.contains(name)) {
      redisManager().save(this);
    }
  }

  boolean isAlive() {
    return isValidInternal();
  }

  @Override
  public void access() {
    super.access();
    SessionSaveValve.used(this);
  }

  long version() {
    return version;
  }

  boolean isPersisted() {
    return persisted;
  }

  /** Redis holds a newer access time or inactivity limit (another node served the session). */
  void refreshTimes(long lastAccess, int maxInactive) {
    if (lastAccess > lastAccessedTime) {
      lastAccessedTime = lastAccess;
      thisAccessedTime = Math.max(thisAccessedTime, lastAccess);
    }
    savedAccessTime = Math.max(savedAccessTime, lastAccess);
    if (maxInactive != savedMaxInactive) {
      maxInactiveInterval = maxInactive;
      savedMaxInactive = maxInactive;
    }
  }

  @Override
  public Object getAttribute(String name) {
    Object value = super.getAttribute(name);
    if (value == null && name != null && stored.containsKey(name) && !unreadable.contains(name)) {
      value = decodeInto(name);
    }
    if (value != null) {
      read.add(name);
    }
    return value;
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    super.getAttributeNames(); // the validity check
    Set<String> names = new LinkedHashSet<>(attributes.keySet());
    stored.keySet().stream().filter(n -> !unreadable.contains(n) && !SessionRecord.isReserved(n)).forEach(names::add);
    return Collections.enumeration(names);
  }

  @Override
  public void setAttribute(String name, Object value, boolean notify) {
    if (name != null && value != null) {
      decodeIfStored(name); // so that listeners see the value being replaced
    }
    super.setAttribute(name, value, notify);
    if (name != null && value != null) {
      changed.add(name);
      removed.remove(name);
      unreadable.remove(name);
    }
  }

  @Override
  protected void removeAttributeInternal(String name, boolean notify) {
    decodeIfStored(name);
    super.removeAttributeInternal(name, notify);
    if (name != null && (stored.remove(name) != null || changed.remove(name))) {
      removed.add(name);
    }
    unreadable.remove(name);
  }

  @Override
  protected String[] keys() {
    for (String name : stored.keySet()) {
      if (!SessionRecord.isReserved(name)) {
        decodeIfStored(name);
      }
    }
    return super.keys();
  }

  /**
   * Valid while not invalidated and not expired by the times this node knows, which the manager
   * refreshes from Redis before a request uses the session. Never expires the session itself: in
   * a fleet, the node that claims an expiry in Redis fires the listeners, once.
   */
  @Override
  public boolean isValid() {
    if (!isValidInternal()) {
      return false;
    }
    if (maxInactiveInterval > 0 && System.currentTimeMillis() - thisAccessedTime >= maxInactiveInterval * 1000L) {
      return false;
    }
    return true;
  }

  /** Expiry by invalidate(): deleted in Redis too. Expiry claimed in Redis: deleted by the claimer. */
  @Override
  public void expire(boolean notify) {
    boolean wasValid = isValidInternal();
    super.expire(notify);
    if (wasValid && !claimedExpiry && persisted) {
      redisManager().deleteFromStore(this);
    }
  }

  void expireClaimed() {
    claimedExpiry = true;
    expire(true);
  }

  /**
   * What this request changed, ready for the store, and forgets it: attributes set or removed,
   * attributes read and changed in place (when {@code checkInPlace}), the login, the inactivity
   * limit, the access time when a touch is due. Null when nothing needs writing.
   */
  SessionChange takeChange(boolean checkInPlace, boolean touch) {
    SessionChange.Builder change = SessionChange.builder();
    boolean any = false;
    for (String name : Set.copyOf(changed)) {
      changed.remove(name);
      Object value = attributes.get(name);
      byte[] bytes = value == null ? null : redisManager().encode(value, name, id);
      if (bytes != null) {
        change.set(name, bytes);
        any = true;
      }
    }
    for (String name : Set.copyOf(removed)) {
      removed.remove(name);
      change.remove(name);
      any = true;
    }
    if (checkInPlace) {
      for (String name : Set.copyOf(read)) {
        Object value = attributes.get(name);
        byte[] before = stored.get(name);
        if (value != null && before != null && !redisManager().isImmutable(value)) {
          byte[] now = redisManager().encodeIfChanged(value, before, name, id);
          if (now != null) {
            change.set(name, now);
            any = true;
          }
        }
      }
    }
    read.clear();
    if (principal != savedPrincipal) {
      change.login(LoginMapping.toStored(principal, redisManager(), id), authType);
      savedPrincipal = principal;
      any = true;
    }
    if (principal != null && adoptedSavedRequest != null) {
      if (notes.get(Constants.FORM_REQUEST_NOTE) == adoptedSavedRequest) {
        notes.remove(Constants.FORM_REQUEST_NOTE); // Tomcat redirected to it; replaying a bare GET would drop its headers
        notes.remove(Constants.SESSION_ID_NOTE);
      }
      adoptedSavedRequest = null;
    }
    for (String note : PERSISTED_NOTES) {
      any |= putEntry(change, NOTE_PREFIX + note, noteBytes(note));
    }
    String returnUri = principal == null ? LoginMapping.returnUri(notes.get(Constants.FORM_REQUEST_NOTE)) : null;
    any |= putEntry(change, Login.RETURN_URI, returnUri == null ? null : Login.returnUriBytes(returnUri));
    if (maxInactiveInterval != savedMaxInactive) {
      change.maxInactiveSeconds(maxInactiveInterval).lastAccessedTime(thisAccessedTime);
      savedMaxInactive = maxInactiveInterval;
      any = true;
    }
    if (touch || any) {
      change.lastAccessedTime(Math.max(thisAccessedTime, lastAccessedTime));
      savedAccessTime = Math.max(thisAccessedTime, lastAccessedTime);
    }
    return any || touch ? change.build() : null;
  }

  /**
   * What Redis holds for a note: the FORM login's saved request encoded; the session id it
   * expects only as a marker, when it is this session's own id (the one Tomcat sets), so that no
   * session id is ever written to Redis.
   */
  private byte[] noteBytes(String note) {
    Object value = notes.get(note);
    if (value == null) {
      return null;
    }
    if (note.equals(Constants.SESSION_ID_NOTE)) {
      return id.equals(value) ? SESSION_ID_MARKER : null;
    }
    return redisManager().encode(value, "note " + note, id);
  }

  /**
   * A reserved entry (a note, the return address for the other container) is to hold {@code bytes},
   * or to be gone when null; true when that changes what Redis holds.
   */
  private boolean putEntry(SessionChange.Builder change, String name, byte[] bytes) {
    return change.setOrRemove(name, bytes, stored.get(name));
  }

  /**
   * The whole session as a record, for its first write; nothing counts as written until {@link
   * #markCreated} (a create that fails leaves the copy as new, written whole by the next save).
   */
  SessionRecord toRecord(String node) {
    SessionChange pending = takeChange(false, false); // encodes what was set
    Map<String, byte[]> all = new java.util.LinkedHashMap<>(stored);
    if (pending != null) {
      all.putAll(pending.set());
      pending.removed().forEach(all::remove);
      markUnsaved(pending); // folded into the record; kept as changes until the create is acknowledged
    }
    byte[] principalBytes = LoginMapping.toStored(principal, redisManager(), id);
    return new SessionRecord(id, creationTime, Math.max(thisAccessedTime, creationTime), maxInactiveInterval, 0, node,
        principalBytes, authType, all);
  }

  String createToken() {
    return createToken;
  }

  /** Redis acknowledged the create of {@code record}: it is what Redis holds, at {@code newVersion}. */
  void markCreated(SessionRecord record, long newVersion) {
    changed.clear();
    removed.clear();
    stored.clear();
    stored.putAll(record.attributes());
    savedPrincipal = principal;
    savedMaxInactive = record.maxInactiveSeconds();
    savedAccessTime = record.lastAccessedTime();
    version = newVersion == 1 ? 1 : -1; // above 1: our earlier attempt was written and maybe changed since
    persisted = true;
  }

  /** Redis acknowledged {@code change} (or the store queued it): it is now what Redis holds. */
  void markSaved(SessionChange change, long newVersion) {
    change.set().forEach(stored::put);
    change.removed().forEach(stored::remove);
    boolean someoneElseWrote = newVersion < 0 || newVersion != version + 1;
    version = someoneElseWrote ? -1 : newVersion; // -1: the next check reloads the whole session
    persisted = true;
  }

  /**
   * {@code change} was not written (Redis refused it or did not answer): its attributes and login
   * count as changed again, so that the next save writes them.
   */
  void markUnsaved(SessionChange change) {
    if (change == null) {
      return;
    }
    change.set().keySet().stream().filter(n -> !SessionRecord.isReserved(n)).forEach(changed::add);
    change.removed().stream().filter(n -> !SessionRecord.isReserved(n)).forEach(removed::add);
    if (change.loginChanged()) {
      savedPrincipal = LOGIN_UNSAVED;
    }
    if (change.maxInactiveSeconds() != Integer.MIN_VALUE) {
      savedMaxInactive = Integer.MIN_VALUE;
    }
  }

  /** Not in Redis (any more): the next save writes the whole session under its current id. */
  void markNew() {
    persisted = false;
    version = 0;
    createToken = dev.handoff.store.SessionStore.newCreateToken();
  }

  long savedAccessTime() {
    return savedAccessTime;
  }

  private void decodeIfStored(String name) {
    if (name != null && !attributes.containsKey(name) && stored.containsKey(name) && !unreadable.contains(name)) {
      decodeInto(name);
    }
  }

  private Object decodeInto(String name) {
    byte[] bytes = stored.get(name);
    if (bytes == null || SessionRecord.isReserved(name)) {
      return null; // a reserved entry is never an attribute: not decoded, whatever its bytes
    }
    Object value = redisManager().decode(bytes, "attribute " + name, id);
    if (value == null) {
      unreadable.add(name);
      return null;
    }
    attributes.putIfAbsent(name, value);
    return attributes.get(name);
  }

  @Override
  public String toString() {
    return "RedisSession[" + SessionIds.forLog(id) + "]";
  }
}
