package dev.handoff.jetty;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationException;
import dev.handoff.store.Login;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.session.SessionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's SessionData to the store's SessionRecord and back. The record's access time and
 * inactivity limit are chosen so that its expiry is Jetty's expiry (what the store's expiry
 * index and claims go by); what the record has no field for (Jetty's access and last access
 * times, cookie time, inactivity in milliseconds, expiry, last save) travels in one reserved
 * entry, {@value #META} (the Tomcat adapter reads it as a note and leaves it alone). A record
 * without that entry, or whose access time moved since it was written (another container
 * touched the session), is read from its own fields.
 */
final class SessionMapping {

  /** The reserved entry holding Jetty's metadata; names starting with NUL are never attributes. */
  static final String META = "\u0000note:jetty";
  private static final long META_FORMAT = 1;
  private static final Logger LOG = LoggerFactory.getLogger(SessionMapping.class);
  /** jetty-security is on the class path: container logins are mapped ({@link JettyLogins}). */
  static final boolean LOGINS = present("org.eclipse.jetty.security.authentication.SessionAuthentication");

  private SessionMapping() {
  }

  /** The inactivity limit, in whole seconds, the record gets; 0 for a session that never expires. */
  static int maxInactiveSeconds(SessionData data) {
    if (data.getMaxInactiveMs() <= 0 || data.getExpiry() <= 0) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (data.getMaxInactiveMs() + 999) / 1000));
  }

  /** The access time the record gets: its expiry minus its inactivity limit, i.e. Jetty's expiry. */
  static long lastAccess(SessionData data) {
    int seconds = maxInactiveSeconds(data);
    long access = seconds == 0 ? data.getAccessed() : data.getExpiry() - seconds * 1000L;
    return Math.max(1, access);
  }

  static byte[] meta(SessionData data, long lastAccess, AttributeSerializer serializer, ClassLoader loader) {
    return serializer.encode(new Object[] {META_FORMAT, data.getAccessed(), data.getLastAccessed(), data.getCookieSet(),
        data.getMaxInactiveMs(), data.getExpiry(), data.getLastSaved(), lastAccess, data.getLastNode()}, loader);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, SessionMapping.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The whole session as a record, for its first write; attributes that cannot be encoded are left out (logged). */
  static SessionRecord toRecord(SessionData data, AttributeSerializer serializer, ClassLoader loader, String node,
      String namespace) {
    Map<String, byte[]> attributes = new LinkedHashMap<>();
    data.getAllAttributes().forEach((name, value) -> {
      if (isLoginEntry(name, value, data)) {
        return;
      }
      byte[] bytes = encode(serializer, value, loader, name, data.getId(), namespace);
      if (bytes != null) {
        attributes.put(name, bytes);
      }
    });
    long lastAccess = lastAccess(data);
    attributes.put(META, meta(data, lastAccess, serializer, loader));
    JettyLogins.Stored login = login(data);
    String returnUri = login == null ? returnUri(data) : null;
    if (returnUri != null) {
      attributes.put(Login.RETURN_URI, Login.returnUriBytes(returnUri));
    }
    return new SessionRecord(data.getId(), data.getCreated(), lastAccess, maxInactiveSeconds(data), 0,
        data.getLastNode() == null ? node : data.getLastNode(), login == null ? null : login.principal(),
        login == null ? null : login.authType(), attributes);
  }

  /**
   * True for what travels in the record's login fields rather than as an attribute: Jetty's login
   * attribute, and a saved-request address adopted from another container.
   */
  static boolean isLoginEntry(String name, Object value, SessionData data) {
    if (data instanceof RedisSessionData tracked && value != null && value == tracked.adoptedFormUri()) {
      return true;
    }
    return LOGINS && JettyLogins.AUTHENTICATED.equals(name) && JettyLogins.isLogin(value);
  }

  /** Jetty's login as the record holds it, or null when the session has none. */
  static JettyLogins.Stored login(SessionData data) {
    return LOGINS ? JettyLogins.toStored(data.getAllAttributes().get(JettyLogins.AUTHENTICATED)) : null;
  }

  /** The address Jetty's FORM login returns to, for the other container; null when there is none. */
  static String returnUri(SessionData data) {
    Map<String, Object> attributes = data.getAllAttributes();
    return LOGINS ? JettyLogins.returnUri(attributes.get(JettyLogins.FORM_URI), attributes.get(JettyLogins.FORM_METHOD))
        : null;
  }

  /**
   * A Jetty session from a record. Each attribute is decoded on its own: one that cannot be read
   * is logged and hidden, and its bytes stay in Redis for the nodes that can read it (G6).
   *
   * @throws SerializationException when the metadata entry is unreadable: the session itself is
   */
  static RedisSessionData toSessionData(SessionRecord record, String contextPath, String vhost,
      AttributeSerializer serializer, ClassLoader loader, String namespace, Context context) {
    byte[] metaBytes = record.attributes().get(META);
    long[] meta = metaBytes == null ? null : readMeta(serializer.decode(metaBytes, loader));
    String lastNode = record.lastNode();
    RedisSessionData data;
    if (meta != null && meta[7] == record.lastAccessedTime()) {
      lastNode = metaNode(serializer.decode(metaBytes, loader), lastNode);
      data = new RedisSessionData(record.id(), contextPath, vhost, record.creationTime(), meta[1], meta[2], meta[4]);
      data.setCookieSet(meta[3]);
      data.setExpiry(meta[5]);
      data.setLastSaved(meta[6] > 0 ? meta[6] : record.lastAccessedTime());
    } else {
      long maxInactiveMs = record.maxInactiveSeconds() > 0 ? record.maxInactiveSeconds() * 1000L : -1;
      data = new RedisSessionData(record.id(), contextPath, vhost, record.creationTime(), record.lastAccessedTime(),
          record.lastAccessedTime(), maxInactiveMs);
      data.setExpiry(maxInactiveMs > 0 ? record.expiryTime() : 0);
      data.setLastSaved(record.lastAccessedTime());
      if (meta != null) {
        data.setCookieSet(meta[3]);
      }
    }
    data.setLastNode(lastNode);
    record.attributes().forEach((name, bytes) -> {
      data.stored().put(name, bytes);
      if (SessionRecord.isReserved(name)) {
        return;
      }
      try {
        Object value = serializer.decode(bytes, loader);
        if (value != null) {
          data.putAllAttributes(Map.of(name, value));
        }
      } catch (SerializationException e) {
        data.unreadable().add(name);
        LOG.warn("[{}] {}: attribute {} cannot be read and is left as stored: {}", namespace,
            SessionIds.forLog(record.id()), name, e.getMessage());
      }
    });
    adoptLogin(record, data, namespace, context);
    data.markSaved(record.lastAccessedTime(), record.maxInactiveSeconds());
    data.clean();
    data.setMetaDataDirty(false);
    return data;
  }

  /**
   * The record's login as Jetty's login attribute (it may have been written by a Tomcat node);
   * without a login, another container's FORM return address as Jetty's saved-request address.
   */
  private static void adoptLogin(SessionRecord record, RedisSessionData data, String namespace, Context context) {
    data.savedLogin(record.principal());
    if (!LOGINS) {
      return;
    }
    if (record.principal() != null) {
      try {
        Object login = JettyLogins.fromStored(record.principal(), record.authType(), context);
        if (login != null) {
          data.putAllAttributes(Map.of(JettyLogins.AUTHENTICATED, login));
        }
      } catch (IllegalArgumentException e) {
        LOG.warn("[{}] {}: the login cannot be read and is left as stored: {}", namespace,
            SessionIds.forLog(record.id()), e.getMessage());
      }
      return;
    }
    String returnUri = Login.returnUri(record.attributes().get(Login.RETURN_URI));
    if (returnUri != null && data.getAllAttributes().get(JettyLogins.FORM_URI) == null) {
      Object uri = JettyLogins.formUri(returnUri);
      data.adoptedFormUri(uri);
      data.putAllAttributes(Map.of(JettyLogins.FORM_URI, uri));
    }
  }

  /** Fields 0 to 7 of the metadata entry: format, accessed, last accessed, cookie set, max inactive ms, expiry, last saved, record access time. */
  private static long[] readMeta(Object value) {
    if (!(value instanceof Object[] fields) || fields.length < 9 || !Long.valueOf(META_FORMAT).equals(fields[0])) {
      throw new SerializationException("the Jetty metadata entry is not a Handoff metadata record");
    }
    long[] meta = new long[8];
    for (int i = 0; i < meta.length; i++) {
      if (!(fields[i] instanceof Long number)) {
        throw new SerializationException("the Jetty metadata entry is not a Handoff metadata record");
      }
      meta[i] = number;
    }
    return meta;
  }

  /** Field 8 of the metadata entry: Jetty's last node (its worker name, which may be empty). */
  private static String metaNode(Object value, String fallback) {
    return ((Object[]) value)[8] instanceof String node ? node : fallback;
  }

  /**
   * The value's bytes, or null (logged) when it cannot be stored. A Serializable value the
   * configured codec cannot write (a dynamic proxy, for one) is written with Java serialization,
   * which every codec reads back, subject to the class filter (which never admits proxies).
   */
  static byte[] encode(AttributeSerializer serializer, Object value, ClassLoader loader, String name, String id,
      String namespace) {
    try {
      return serializer.encode(value, loader);
    } catch (SerializationException e) {
      return encodeWithJdk(serializer, value, loader, name, id, namespace, e);
    }
  }

  /** The value's bytes when they differ from {@code before}, else null; null too (logged) when it cannot be stored. */
  static byte[] encodeIfChanged(AttributeSerializer serializer, Object value, byte[] before, ClassLoader loader,
      String name, String id, String namespace) {
    try {
      return serializer.encodeIfChanged(value, before, loader);
    } catch (SerializationException e) {
      byte[] bytes = encodeWithJdk(serializer, value, loader, name, id, namespace, e);
      return bytes == null || java.util.Arrays.equals(bytes, before) ? null : bytes;
    }
  }

  private static byte[] encodeWithJdk(AttributeSerializer serializer, Object value, ClassLoader loader, String name,
      String id, String namespace, SerializationException failure) {
    if (value instanceof java.io.Serializable && !"jdk".equals(serializer.config().serializer())) {
      try {
        return JDK.computeIfAbsent(serializer.config().maxAttributeBytes(), max -> AttributeSerializer.create(
            dev.handoff.serialization.SerializationConfig.builder().serializer("jdk").maxAttributeBytes(max).build()))
            .encode(value, loader);
      } catch (SerializationException ignored) {
        // reported below with the first failure
      }
    }
    LOG.error("[{}] {}: attribute {} cannot be stored: {}", namespace, SessionIds.forLog(id), name,
        failure.getMessage());
    return null;
  }

  private static final Map<Integer, AttributeSerializer> JDK = new java.util.concurrent.ConcurrentHashMap<>();
}
