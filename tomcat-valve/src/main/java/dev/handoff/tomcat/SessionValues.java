package dev.handoff.tomcat;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationException;
import dev.handoff.store.SessionIds;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Session values to bytes and back for one context: the serializer with the webapp's class loader,
 * and what a value that cannot be read or stored costs (that value only, logged; G6).
 */
final class SessionValues {

  private static final Log LOG = LogFactory.getLog(SessionValues.class);

  private final AttributeSerializer serializer;
  private final String namespace;
  private final Supplier<ClassLoader> loader;
  private final Set<String> reportedUnreadable = ConcurrentHashMap.newKeySet();

  SessionValues(AttributeSerializer serializer, String namespace, Supplier<ClassLoader> loader) {
    this.serializer = serializer;
    this.namespace = namespace;
    this.loader = loader;
  }

  Object decode(byte[] bytes, String what, String sessionId) {
    try {
      return serializer.decode(bytes, loader.get());
    } catch (SerializationException e) {
      reportUnreadable(what, sessionId, e.getMessage());
      return null;
    }
  }

  /** Logs, once per kind of failure, that part of a session cannot be read (its bytes stay in Redis). */
  void reportUnreadable(String what, String sessionId, String why) {
    if (reportedUnreadable.add(what + "|" + why)) {
      LOG.warn("[" + namespace + "] " + SessionIds.forLog(sessionId) + ": " + what
          + " cannot be read and is left as stored: " + why);
    }
  }

  byte[] encode(Object value, String what, String sessionId) {
    try {
      return serializer.encode(value, loader.get());
    } catch (SerializationException e) {
      LOG.error("[" + namespace + "] " + SessionIds.forLog(sessionId) + ": " + what
          + " cannot be stored: " + e.getMessage());
      return null;
    }
  }

  /**
   * The bytes of {@code value} for the store.
   *
   * @throws IllegalArgumentException when it cannot be stored (logged): it stays unwritten
   */
  byte[] encodeForStore(Object value, String what, String sessionId) {
    byte[] bytes = encode(value, what, sessionId);
    if (bytes == null) {
      throw new IllegalArgumentException(what + " cannot be stored");
    }
    return bytes;
  }

  /**
   * The new bytes of {@code value} when it changed in place from {@code before}, else null.
   *
   * @throws IllegalArgumentException when it cannot be stored (logged): it stays unwritten
   */
  byte[] encodeIfChanged(Object value, byte[] before, String what, String sessionId) {
    if (AttributeSerializer.isImmutable(value)) {
      return null;
    }
    try {
      return serializer.encodeIfChanged(value, before, loader.get());
    } catch (SerializationException e) {
      LOG.error("[" + namespace + "] " + SessionIds.forLog(sessionId) + ": " + what
          + " cannot be stored: " + e.getMessage());
      throw new IllegalArgumentException(what + " cannot be stored", e);
    }
  }
}
