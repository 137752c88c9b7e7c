package dev.handoff.tomcat;

import dev.handoff.store.Login;
import dev.handoff.store.SessionSource;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.authenticator.Constants;

/** A Tomcat session's fields as its tracked copy asks for them when it writes. */
final class TomcatSessionSource implements SessionSource {

  /** The session id note as stored: "the session's own id". */
  private static final byte[] SESSION_ID_MARKER = {'=', 'i', 'd'};

  private final RedisSession session;

  TomcatSessionSource(RedisSession session) {
    this.session = session;
  }

  /** The live value, or null when Tomcat's attribute filters keep it on this node (never written). */
  @Override
  public Object attribute(String name) {
    Object value = session.localValue(name);
    return value == null || session.redisManager().distributes(name, value) ? value : null;
  }

  @Override
  public byte[] encode(String name, Object value) {
    return session.redisManager().values().encodeForStore(value, "attribute " + name, session.getIdInternal());
  }

  @Override
  public byte[] encodeIfChanged(String name, Object value, byte[] before) {
    return session.redisManager().values().encodeIfChanged(value, before, "attribute " + name, session.getIdInternal());
  }

  /** The authenticator's notes worth carrying, and the return address another container's login page reads. */
  @Override
  public Map<String, byte[]> entries() {
    Map<String, byte[]> entries = new HashMap<>();
    for (String note : RedisSession.PERSISTED_NOTES) {
      entries.put(RedisSession.NOTE_PREFIX + note, noteBytes(note));
    }
    String returnUri = session.getPrincipal() == null
        ? LoginMapping.returnUri(session.getNote(Constants.FORM_REQUEST_NOTE)) : null;
    entries.put(Login.RETURN_URI, returnUri == null ? null : Login.returnUriBytes(returnUri));
    return entries;
  }

  /**
   * What Redis holds for a note: the FORM login's saved request encoded; the session id it
   * expects only as a marker, when it is this session's own id (the one Tomcat sets), so that no
   * session id is ever written to Redis.
   */
  private byte[] noteBytes(String note) {
    Object value = session.getNote(note);
    if (value == null) {
      return null;
    }
    if (note.equals(Constants.SESSION_ID_NOTE)) {
      return session.getIdInternal().equals(value) ? SESSION_ID_MARKER : null;
    }
    return session.redisManager().values().encode(value, "note " + note, session.getIdInternal());
  }

  @Override
  public Object principal() {
    return session.getPrincipal();
  }

  @Override
  public byte[] principalBytes() {
    return LoginMapping.toStored(session.getPrincipal(), session.redisManager(), session.getIdInternal());
  }

  @Override
  public String authType() {
    return session.getAuthType();
  }

  @Override
  public long creationTime() {
    return session.getCreationTimeInternal();
  }

  @Override
  public long accessTime() {
    return Math.max(session.getThisAccessedTimeInternal(), session.getLastAccessedTimeInternal());
  }

  @Override
  public int maxInactiveSeconds() {
    return session.getMaxInactiveInterval();
  }
}
