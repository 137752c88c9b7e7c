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
