package dev.handoff.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Session ids never appear in clear in keys or log lines: keys carry a SHA-256 digest of the
 * namespace and the id, and logs a short digest that cannot be used to take over a session.
 */
public final class SessionIds {

  private SessionIds() {
  }

  /** The digest used in keys: 22 base64url characters (132 bits) of SHA-256(namespace, id). */
  static String keyDigest(String namespace, String id) {
    byte[] digest = sha256(namespace + '\u0000' + id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
  }

  /** The shortest id {@link #couldBeGenerated} accepts: 8 random bytes in hex. */
  static final int SHORTEST_ID = 16;
  /** The longest id {@link #couldBeGenerated} accepts, route suffix included. */
  static final int LONGEST_ID = 256;

  /**
   * Whether {@code id} has the shape of an id that Tomcat's and Jetty's generators make: 16 to 256
   * letters, digits, {@code -}, {@code _} and {@code .} (the {@code .route} suffix). Tomcat's makes
   * 32 upper-case hex digits by default, Jetty's lower-case letters and digits. An id of any
   * other shape names no session, so it need not be looked up.
   */
  public static boolean couldBeGenerated(String id) {
    if (id == null || id.length() < SHORTEST_ID || id.length() > LONGEST_ID) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** How a session is named in logs: {@code session#} and 8 hex digits of SHA-256 of its id. */
  public static String forLog(String id) {
    return "session#" + java.util.HexFormat.of().formatHex(sha256(id), 0, 4);
  }

  /** One digest per thread: looking the algorithm up costs more than digesting an id. */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  });

  private static byte[] sha256(String text) {
    return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
