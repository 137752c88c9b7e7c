package dev.handoff.tomcat;

import dev.handoff.store.Login;
import dev.handoff.store.RefreshedCopy;
import dev.handoff.store.RequestChanges;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionSource;
import dev.handoff.store.TrackedSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Manager;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.session.StandardSession;
import org.apache.tomcat.util.ExceptionUtils;

/**
 * A Tomcat session mapped onto the store's {@link TrackedSession}, which owns what Redis holds
 * and what changed. Attributes arrive as bytes and are decoded on first read, with the web
 * application's class loader; an attribute that cannot be decoded is logged once, hidden, and its
 * bytes kept for nodes that can read it. Every read, set and removal is recorded in the changes
 * of the request that made it ({@link SessionSaveValve#changesOf}).
 */
public class RedisSession extends StandardSession {

  private static final long serialVersionUID = 1L;
  /** Authenticator notes carried with the session: the FORM login's saved request, its session id check. */
  static final Set<String> PERSISTED_NOTES = Set.of(Constants.FORM_REQUEST_NOTE, Constants.SESSION_ID_NOTE);
  /** How notes are named among the stored entries. */
  static final String NOTE_PREFIX = "\u0000note:";

  private transient volatile TrackedSession tracked;
  /**
   * The id Redis holds this session under while its id changed here and its write under the new
   * id is still to come: deleted once that write lands ({@link RedisSessionManager#save}).
   */
  private transient volatile String movedFrom;
  private final transient Set<String> unreadable = ConcurrentHashMap.newKeySet();
  private final transient SessionSource source = new TomcatSessionSource(this);
  /** Held while decoding stored bytes and while a refresh replaces them, so that no stale value is cached. */
  private final transient Object decoding = new Object();
  /** A saved request made from the return address another container's login page left; dropped at login. */
  private transient volatile Object adoptedSavedRequest;

  public RedisSession(Manager manager) {
    super(manager);
  }

  RedisSessionManager redisManager() {
    return (RedisSessionManager) manager;
  }

  TrackedSession tracked() {
    return tracked;
  }

  SessionSource source() {
    return source;
  }

  /** A new session gets its tracked copy with its first id; an id change moves it. */
  @Override
  public void setId(String id, boolean notify) {
    super.setId(id, notify);
    if (tracked == null) {
      tracked = TrackedSession.created(id);
    } else {
      tracked.moveTo(id);
    }
  }

  /** Fills a fresh session from a stored record; nothing is decoded yet but the login and notes. */
  void restore(SessionRecord record) {
    this.id = record.id();
    this.creationTime = record.creationTime();
    this.lastAccessedTime = record.lastAccessedTime();
    this.thisAccessedTime = record.lastAccessedTime();
    this.maxInactiveInterval = record.maxInactiveSeconds();
    this.isNew = false;
    this.isValid = true;
    this.tracked = TrackedSession.restored(record);
    record.attributes().keySet().forEach(name -> restoreNote(name, record.attributes().get(name)));
    restoreLogin(record);
    adoptReturnUri();
  }

  /** Another node changed the session: this same object takes the record (requests running on it keep their changes). */
  void refresh(SessionRecord record) {
    RefreshedCopy refreshed;
    synchronized (decoding) { // no value decoded from the old bytes is cached after this
      refreshed = tracked.refresh(record);
      for (String name : refreshed.stale()) {
        if (name.startsWith(NOTE_PREFIX)) {
          notes.remove(name.substring(NOTE_PREFIX.length()));
          restoreNote(name, record.attributes().get(name));
        } else if (!SessionRecord.isReserved(name)) {
          willPassivate(attributes.remove(name)); // decoded again from the new bytes when read
          unreadable.remove(name);
        }
      }
    }
    if (refreshed.loginChanged()) {
      restoreLogin(record);
    }
    if (refreshed.limitChanged()) {
      maxInactiveInterval = record.maxInactiveSeconds();
    }
    refreshTimes(record.lastAccessedTime());
  }

  private void restoreNote(String name, byte[] bytes) {
    if (bytes == null || !name.startsWith(NOTE_PREFIX)) {
      return;
    }
    String note = name.substring(NOTE_PREFIX.length());
    if (note.equals(Constants.SESSION_ID_NOTE)) {
      notes.put(Constants.SESSION_ID_NOTE, id); // stored as a marker: Redis holds no session id
    } else if (note.equals(Constants.FORM_REQUEST_NOTE)) { // Tomcat's own notes only: another container's stay as stored
      Object value = redisManager().values().decode(bytes, "note " + note, id);
      if (value != null) {
        notes.put(note, value);
      }
    }
  }

  private void restoreLogin(SessionRecord record) {
    this.principal = record.principal() == null ? null : LoginMapping.fromStored(record.principal(), redisManager(), id);
    this.authType = this.principal == null ? null : record.authType();
    tracked.loginRestored(principal);
  }

  /**
   * Another container's FORM login page left the address to return to and no Tomcat saved
   * request: make one, and the session id check Tomcat's FORM login expects, so that the
   * credentials may be posted to this node.
   */
  private void adoptReturnUri() {
    String returnUri = Login.returnUri(tracked.stored(Login.RETURN_URI));
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
    if (value != null && PERSISTED_NOTES.contains(name) && !writtenLater(name)) {
      redisManager().save(this, SessionSaveValve.changesOf(this));
    }
  }

  /**
   * True when a note the login page needs need not be written as it is set: the saved request,
   * when the session id note follows it (the id changes between the two, and that write carries
   * the whole session: one write, not three); and the session id note that the login's credentials
   * renew, since their redirect goes out only after the request's own save.
   */
  private boolean writtenLater(String note) {
    return Constants.FORM_REQUEST_NOTE.equals(note) ? redisManager().loginChangesSessionId()
        : SessionSaveValve.servesLoginAction();
  }

  /** Redis holds this session under {@code oldId} until its write under the new id lands; kept from the first move. */
  void movedFrom(String oldId) {
    if (movedFrom == null) {
      movedFrom = oldId;
    }
  }

  /** The id to delete now that the session is written under its new id, or null. */
  String takeMovedFrom() {
    String old = movedFrom;
    movedFrom = null;
    return old;
  }

  boolean isAlive() {
    return isValidInternal();
  }

  @Override
  public void access() {
    super.access();
    SessionSaveValve.used(this);
  }

  /** Redis holds this access time and inactivity limit (checked current, or another node served the session). */
  void refreshTimes(long lastAccess, int maxInactive) {
    if (tracked.refreshTimes(lastAccess, maxInactive)) {
      maxInactiveInterval = maxInactive;
    }
    refreshTimes(lastAccess);
  }

  private void refreshTimes(long lastAccess) {
    if (lastAccess > lastAccessedTime) {
      lastAccessedTime = lastAccess;
      thisAccessedTime = Math.max(thisAccessedTime, lastAccess);
    }
  }

  @Override
  public Object getAttribute(String name) {
    Object value = super.getAttribute(name);
    if (value == null && name != null && isStoredHere(name)) {
      value = decodeInto(name);
    }
    if (value != null) {
      SessionSaveValve.changesOf(this).read(name);
    }
    return value;
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    super.getAttributeNames(); // the validity check
    Set<String> names = new LinkedHashSet<>(attributes.keySet());
    tracked.storedNames().stream().filter(n -> !SessionRecord.isReserved(n) && isStoredHere(n)).forEach(names::add);
    return Collections.enumeration(names);
  }

  @Override
  public void setAttribute(String name, Object value, boolean notify) {
    if (name != null && value != null) {
      decodeIfStored(name); // so that listeners see the value being replaced
    }
    super.setAttribute(name, value, notify);
    if (name != null && value != null) {
      if (redisManager().willAttributeDistribute(name, value)) { // Tomcat's attribute filters (it warns if asked to)
        SessionSaveValve.changesOf(this).set(name);
        writeIfOutsideRequests();
      } else if (tracked != null && tracked.stored(name) != null) {
        SessionSaveValve.changesOf(this).removed(name); // what Redis holds under this name is not this value any more
        writeIfOutsideRequests();
      }
      unreadable.remove(name);
    }
  }

  @Override
  protected void removeAttributeInternal(String name, boolean notify) {
    decodeIfStored(name);
    boolean present = name != null && (attributes.containsKey(name) || (tracked != null && tracked.stored(name) != null));
    super.removeAttributeInternal(name, notify);
    if (present) {
      SessionSaveValve.changesOf(this).removed(name);
      writeIfOutsideRequests();
    }
    unreadable.remove(name);
  }

  /**
   * A change made outside any request of this session on this node (Tomcat's manager webapp
   * removing an attribute, JMX, an application's own thread) has no request's save coming: it is
   * written now, or the next request on another node would not see it, and a later save here
   * could not tell it from one of that node's. Not while the session expires (its listeners'
   * removals go with it).
   */
  private void writeIfOutsideRequests() {
    if (!expiring && isValidInternal() && tracked != null && !SessionSaveValve.usedInThisRequest(this)) {
      redisManager().save(this, tracked.outsideRequests());
    }
  }

  @Override
  protected String[] keys() {
    for (String name : tracked.storedNames()) {
      if (!SessionRecord.isReserved(name)) {
        decodeIfStored(name);
      }
    }
    return super.keys();
  }

  /**
   * How long the session has been idle. Inside one of its requests, by this copy's times (which
   * the request's check just brought up to Redis's). Outside them (Tomcat's manager webapp's
   * "Expire sessions idle >= N minutes", JMX), by the fleet's: the user may be busy on another
   * node while this copy sits unused, so its access time is first moved up to the one Redis holds
   * (one round trip, no touch). When Redis cannot be asked the session counts as not idle: an
   * administrator's expiry must not end a session that may be in use.
   */
  @Override
  public long getIdleTimeInternal() {
    if (tracked != null && !expiring && isValidInternal() && !SessionSaveValve.usedInThisRequest(this)
        && !redisManager().refreshFromFleet(this)) {
      return 0;
    }
    return super.getIdleTimeInternal();
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
    return maxInactiveInterval <= 0 || System.currentTimeMillis() - thisAccessedTime < maxInactiveInterval * 1000L;
  }

  private transient volatile boolean claimedExpiry;

  /** Expiry by invalidate(): deleted in Redis too. Expiry claimed in Redis: deleted by the claimer. */
  @Override
  public void expire(boolean notify) {
    boolean wasValid = isValidInternal();
    super.expire(notify);
    if (wasValid && !claimedExpiry && tracked != null) {
      redisManager().deleteFromStore(this);
    }
  }

  void expireClaimed() {
    claimedExpiry = true;
    expire(true);
  }

  /** Before a write: a saved request adopted from another container's login is dropped once the user logged in. */
  void beforeSave() {
    if (principal != null && adoptedSavedRequest != null) {
      if (notes.get(Constants.FORM_REQUEST_NOTE) == adoptedSavedRequest) {
        notes.remove(Constants.FORM_REQUEST_NOTE); // Tomcat redirected to it; replaying a bare GET would drop its headers
        notes.remove(Constants.SESSION_ID_NOTE);
      }
      adoptedSavedRequest = null;
    }
  }

  /** Stored bytes are the value of this attribute here: not changed locally since, and decodable. */
  private boolean isStoredHere(String name) {
    return tracked != null && tracked.stored(name) != null && !unreadable.contains(name) && !tracked.changedLocally(name)
        && redisManager().distributes(name, null);
  }

  private void decodeIfStored(String name) {
    if (name != null && !attributes.containsKey(name) && isStoredHere(name)) {
      decodeInto(name);
    }
  }

  private Object decodeInto(String name) {
    synchronized (decoding) {
      byte[] bytes = tracked.stored(name);
      if (bytes == null || SessionRecord.isReserved(name)) {
        return null; // a reserved entry is never an attribute: not decoded, whatever its bytes
      }
      Object value = redisManager().values().decode(bytes, "attribute " + name, id);
      String refusal = value == null ? null : redisManager().refusal(name, value);
      if (refusal != null) {
        redisManager().values().reportUnreadable("attribute " + name, id, "Tomcat's filter refuses it here: " + refusal);
        value = null;
      }
      if (value == null) {
        unreadable.add(name);
        return null;
      }
      if (attributes.putIfAbsent(name, value) == null && value instanceof HttpSessionActivationListener listener) {
        notify(listener, true); // a value taken up on this node from what another node (or this one before) wrote
      }
      return attributes.get(name);
    }
  }

  /**
   * Before this node lets go of its copy (the context stops or reloads: the session stays in
   * Redis): every value decoded or set here that is an {@link HttpSessionActivationListener} hears
   * {@code sessionWillPassivate}, as on Tomcat's StandardManager unload. Values never decoded here
   * were never alive here and hear nothing.
   */
  void passivateHeldValues() {
    attributes.values().forEach(this::willPassivate);
  }

  private void willPassivate(Object value) {
    if (value instanceof HttpSessionActivationListener listener) {
      notify(listener, false);
    }
  }

  /** As StandardSession.activate and passivate call them: a listener's failure is logged, not thrown. */
  private void notify(HttpSessionActivationListener listener, boolean activated) {
    HttpSessionEvent event = new HttpSessionEvent(getSession());
    try {
      if (activated) {
        listener.sessionDidActivate(event);
      } else {
        listener.sessionWillPassivate(event);
      }
    } catch (Throwable t) {
      ExceptionUtils.handleThrowable(t);
      manager.getContext().getLogger().error("[" + SessionIds.forLog(id) + "] session "
          + (activated ? "activation" : "passivation") + " listener failed", t);
    }
  }

  /** The live value of an attribute on this node, without decoding it; null when absent. */
  Object localValue(String name) {
    return attributes.get(name);
  }

  @Override
  public String toString() {
    return "RedisSession[" + SessionIds.forLog(id) + "]";
  }
}
