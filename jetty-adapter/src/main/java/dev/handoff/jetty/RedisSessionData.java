package dev.handoff.jetty;

import dev.handoff.serialization.AttributeSerializer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.session.SessionData;

/**
 * Jetty's session data, plus what a delta needs: the names set or removed since the last save
 * (Jetty 12.1 only keeps a dirty flag), the mutable attributes read (they may have changed in
 * place, G3: reading one marks the data dirty, so that Jetty flushes it before the response is
 * committed and the store compares its bytes), and the bytes Redis holds for each attribute.
 */
class RedisSessionData extends SessionData {

  private static final long serialVersionUID = 1L;

  private final transient Set<String> changed = ConcurrentHashMap.newKeySet();
  private final transient Set<String> read = ConcurrentHashMap.newKeySet();
  private final transient Set<String> unreadable = ConcurrentHashMap.newKeySet();
  /** Attribute name to the bytes Redis holds (also entries this adapter does not decode). */
  private final transient Map<String, byte[]> stored = new ConcurrentHashMap<>();
  private transient volatile boolean persisted;
  /** checkInPlaceChanges: reading a mutable attribute marks it for a check of its bytes at the save. */
  private transient volatile boolean trackReads = true;
  /** Carried by every attempt to create this data in Redis, so that a resent create is known as ours. */
  private transient volatile String createToken = dev.handoff.store.SessionStore.newCreateToken();
  private transient volatile long savedLastAccess;
  private transient volatile int savedMaxInactive = Integer.MIN_VALUE;
  /** The login Redis holds ({@code pr}), null when none. */
  private transient volatile byte[] savedLogin;
  /** Jetty's saved-request address made from another container's return address; never written back. */
  private transient volatile Object adoptedFormUri;

  RedisSessionData(String id, String contextPath, String vhost, long created, long accessed, long lastAccessed,
      long maxInactiveMs) {
    super(id, contextPath, vhost, created, accessed, lastAccessed, maxInactiveMs);
  }

  @Override
  public void setDirty(String name) {
    super.setDirty(name);
    changed.add(name);
    unreadable.remove(name);
  }

  @Override
  public Object getAttribute(String name) {
    Object value = super.getAttribute(name);
    if (trackReads && value != null && !AttributeSerializer.isImmutable(value)) {
      read.add(name);
      setDirty(true);
    }
    return value;
  }

  @Override
  public void clean() {
    super.clean();
    changed.clear();
    read.clear();
  }

  void trackReads(boolean track) {
    trackReads = track;
  }

  Set<String> changed() {
    return changed;
  }

  Set<String> read() {
    return read;
  }

  Set<String> unreadable() {
    return unreadable;
  }

  Map<String, byte[]> stored() {
    return stored;
  }

  String createToken() {
    return createToken;
  }

  boolean persisted() {
    return persisted;
  }

  long savedLastAccess() {
    return savedLastAccess;
  }

  int savedMaxInactive() {
    return savedMaxInactive;
  }

  void markSaved(long lastAccess, int maxInactive) {
    persisted = true;
    savedLastAccess = lastAccess;
    savedMaxInactive = maxInactive;
  }

  byte[] savedLogin() {
    return savedLogin;
  }

  void savedLogin(byte[] login) {
    savedLogin = login;
  }

  Object adoptedFormUri() {
    return adoptedFormUri;
  }

  void adoptedFormUri(Object uri) {
    adoptedFormUri = uri;
  }

  /** Not (any more) in Redis: the next save writes it whole. */
  void markNew() {
    persisted = false;
    createToken = dev.handoff.store.SessionStore.newCreateToken();
  }
}
