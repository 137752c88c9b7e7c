package dev.handoff.jetty;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationException;
import dev.handoff.store.ContainerField;
import dev.handoff.store.Login;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.session.SessionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's SessionData to the store's SessionRecord and back. The record's access time and
 * inactivity limit are chosen so that its expiry is Jetty's expiry (what the store's expiry
 * index and claims go by); Jetty's creation time and last node are the record's own. What the
 * record has no field for travels in its container fields, plain numbers (docs/schema.md): the
 * previous access, the cookie time, the last save, and where Jetty is finer than the record (its
 * access time, its inactivity in milliseconds) only the difference, so that an access or a new
 * limit written by another container carries over. A record without them (another container
 * created the session) is read from its own fields.
 */
final class SessionMapping {

  private static final Logger LOG = LoggerFactory.getLogger(SessionMapping.class);
  /** jetty-security is on the class path: container logins are mapped ({@link JettyLogins}). */
  static final boolean LOGINS = present("org.eclipse.jetty.security.authentication.SessionAuthentication");
  /** Jetty's inactivity limit of a session that never expires. */
  private static final long NEVER = -1;

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

  /**
   * Jetty's numbers that the record's own fields do not hold, for a record whose access time is
   * {@code lastAccess} and whose limit is {@code maxInactiveSeconds}.
   */
  static Map<ContainerField, Long> containerFields(SessionData data, long lastAccess, int maxInactiveSeconds) {
    Map<ContainerField, Long> fields = new EnumMap<>(ContainerField.class);
    fields.put(ContainerField.ACCESS_DELTA_MS, data.getAccessed() - lastAccess);
    fields.put(ContainerField.MAX_INACTIVE_DELTA_MS, data.getMaxInactiveMs() - limitBase(maxInactiveSeconds));
    fields.put(ContainerField.PREVIOUS_ACCESS, data.getLastAccessed());
    fields.put(ContainerField.COOKIE_SET, data.getCookieSet());
    fields.put(ContainerField.LAST_SAVE, data.getLastSaved());
    return fields;
  }

  /** What {@link ContainerField#MAX_INACTIVE_DELTA_MS} is counted from: the record's limit, or Jetty's "never". */
  private static long limitBase(int maxInactiveSeconds) {
    return maxInactiveSeconds > 0 ? maxInactiveSeconds * 1000L : NEVER;
  }

  /**
   * Jetty's inactivity limit in ms. A limit Jetty wrote differs from the record's by less than a
   * second; a larger difference under a limit means another container set the limit since, and
   * the record's counts. A negative limit only another container writes: never expires.
   */
  private static long maxInactiveMs(int maxInactiveSeconds, Long delta) {
    if (maxInactiveSeconds < 0) {
      return NEVER;
    }
    long base = limitBase(maxInactiveSeconds);
    if (delta == null || (maxInactiveSeconds > 0 && (delta > 0 || delta <= -1000))) {
      return base;
    }
    return base + delta;
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
    int maxInactiveSeconds = maxInactiveSeconds(data);
    JettyLogins.Stored login = login(data);
    String returnUri = login == null ? returnUri(data) : null;
    if (returnUri != null) {
      attributes.put(Login.RETURN_URI, Login.returnUriBytes(returnUri));
    }
    String lastNode = data.getLastNode() == null || data.getLastNode().isBlank() ? node : data.getLastNode();
    return new SessionRecord(data.getId(), data.getCreated(), lastAccess, maxInactiveSeconds, 0, lastNode,
        login == null ? null : login.principal(), login == null ? null : login.authType(), attributes,
        containerFields(data, lastAccess, maxInactiveSeconds));
  }

  /**
   * Jetty's last node of a session whose record names {@code recordNode}: that node, but this
   * node's own worker name (which may be empty) when this node wrote it last, since the store names
   * a node by its {@code storeNode} (the worker name unless nodeName is set; host and process when
   * the worker name is empty).
   */
  static String lastNode(String recordNode, String storeNode, String workerName) {
    return recordNode != null && recordNode.equals(storeNode) ? workerName : recordNode;
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
   * is logged and hidden, and its bytes stay in Redis for the nodes that can read it (G6). Entries
   * whose names start with NUL (another container's notes) are kept as stored, never decoded.
   */
  static RedisSessionData toSessionData(SessionRecord record, String contextPath, String vhost,
      AttributeSerializer serializer, ClassLoader loader, String namespace, Context context) {
    Map<ContainerField, Long> fields = record.containerFields();
    long lastAccess = record.lastAccessedTime();
    int maxInactiveSeconds = record.maxInactiveSeconds();
    long accessed = lastAccess + fields.getOrDefault(ContainerField.ACCESS_DELTA_MS, 0L);
    long maxInactiveMs = maxInactiveMs(maxInactiveSeconds, fields.get(ContainerField.MAX_INACTIVE_DELTA_MS));
    RedisSessionData data = new RedisSessionData(record.id(), contextPath, vhost, record.creationTime(), accessed,
        fields.getOrDefault(ContainerField.PREVIOUS_ACCESS, accessed), maxInactiveMs);
    data.setExpiry(maxInactiveSeconds > 0 ? record.expiryTime() : 0);
    long lastSaved = fields.getOrDefault(ContainerField.LAST_SAVE, 0L);
    data.setLastSaved(lastSaved > 0 ? lastSaved : lastAccess);
    Long cookieSet = fields.get(ContainerField.COOKIE_SET);
    if (cookieSet != null) {
      data.setCookieSet(cookieSet);
    }
    data.setLastNode(record.lastNode());
    record.attributes().forEach((name, bytes) -> {
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
    data.clean();
    data.setMetaDataDirty(false);
    return data;
  }

  /**
   * The record's login as Jetty's login attribute (it may have been written by a Tomcat node);
   * without a login, another container's FORM return address as Jetty's saved-request address.
   */
  private static void adoptLogin(SessionRecord record, RedisSessionData data, String namespace, Context context) {
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
