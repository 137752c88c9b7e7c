package dev.handoff.store;

/**
 * The cookie that tells a node which version of the session its client last saw written: {@code
 * HANDOFF_VERSION=<version>.<tag>}, set by the response of a request that used the session when the
 * client's cookie names another version. A node whose copy is at least that version, and whose
 * store knows the copy current, serves it without asking Redis; a client that just wrote on
 * another node names a version this node has not seen, and this node asks.
 *
 * <p>Both adapters set and read it the same way, so a client's cookie from a Tomcat node counts on
 * a Jetty node. It only ever makes a node ask Redis, never skip a check the store would not skip: a forged or
 * replayed value cannot reach another session (the session cookie names the session), nor keep
 * one that was invalidated (the store stops knowing the copy current when it hears of the
 * deletion). The tag (a hash of the session id) ties the value to one session, so a value left from
 * an earlier session or id counts as none.
 */
public final class VersionCookie {

  /** The cookie's name. */
  public static final String NAME = "HANDOFF_VERSION";

  private VersionCookie() {
  }

  /**
   * The {@code Set-Cookie} header value for {@code version} of session {@code id}: on {@code path}
   * (the session cookie's), HttpOnly, Secure when {@code secure}.
   */
  public static String setCookieHeader(String id, long version, String path, boolean secure) {
    return NAME + "=" + value(id, version) + "; Path=" + (path == null || path.isEmpty() ? "/" : path) + "; HttpOnly"
        + (secure ? "; Secure" : "");
  }

  /**
   * The {@code Set-Cookie} header value that expires the cookie: sent by a response whose request
   * invalidated the session the cookie names, so that the client's next request on any node checks
   * Redis instead of relying on the invalidation's announcement having arrived there first (G4).
   */
  public static String expiredCookieHeader(String path, boolean secure) {
    return NAME + "=; Path=" + (path == null || path.isEmpty() ? "/" : path) + "; Max-Age=0; HttpOnly"
        + (secure ? "; Secure" : "");
  }

  /** The value for {@code version} of session {@code id}. */
  public static String value(String id, long version) {
    return version + "." + tag(id);
  }

  /** The version {@code value} names for session {@code id}; -1 when it is absent, malformed or of another session. */
  public static long version(String value, String id) {
    if (value == null) {
      return -1;
    }
    int dot = value.indexOf('.');
    if (dot <= 0 || dot > 19 || !value.substring(dot + 1).equals(tag(id))) {
      return -1;
    }
    try {
      return Long.parseLong(value, 0, dot, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String tag(String id) {
    return Integer.toHexString(id.hashCode());
  }
}
