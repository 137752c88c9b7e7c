package dev.handoff.jetty;

import dev.handoff.serialization.AttributeSerializer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.session.SessionData;

/**
 * Jetty's session data, plus what one save's changes are made of: the names set or removed since
 * the last save (Jetty 12.1 only keeps a dirty flag) and the mutable attributes read (they may have
 * changed in place, G3: reading one marks the data dirty, so that Jetty flushes it before the
 * response is committed and the store compares their bytes). What Redis holds is the session's
 * {@link dev.handoff.store.TrackedSession}'s, kept by {@link RedisSessionDataStore}.
 */
class RedisSessionData extends SessionData {

  private static final long serialVersionUID = 1L;

  private final transient Set<String> changed = ConcurrentHashMap.newKeySet();
  private final transient Set<String> read = ConcurrentHashMap.newKeySet();
  private final transient Set<String> unreadable = ConcurrentHashMap.newKeySet();
  /** checkInPlaceChanges: reading a mutable attribute marks it for a check of its bytes at the save. */
  private transient volatile boolean trackReads = true;
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

  Object adoptedFormUri() {
    return adoptedFormUri;
  }

  void adoptedFormUri(Object uri) {
    adoptedFormUri = uri;
  }
}
