package dev.handoff.jetty;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationException;
import dev.handoff.store.ContainerField;
import dev.handoff.store.Login;
import dev.handoff.store.SessionSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.session.SessionData;

/**
 * Jetty's SessionData as its tracked copy asks for it when it writes: the attributes (but the
 * login, which travels in the record's login fields), the login through {@link JettyLogins}, the
 * FORM return address as the neutral entry, and Jetty's numbers as container fields.
 */
final class JettySessionSource implements SessionSource {

  private final SessionData data;
  private final AttributeSerializer serializer;
  private final ClassLoader loader;
  private final String namespace;

  JettySessionSource(SessionData data, AttributeSerializer serializer, ClassLoader loader, String namespace) {
    this.data = data;
    this.serializer = serializer;
    this.loader = loader;
    this.namespace = namespace;
  }

  @Override
  public Object attribute(String name) {
    Object value = data.getAllAttributes().get(name);
    return value == null || SessionMapping.isLoginEntry(name, value, data) ? null : value;
  }

  @Override
  public byte[] encode(String name, Object value) {
    byte[] bytes = SessionMapping.encode(serializer, value, loader, name, data.getId(), namespace);
    if (bytes == null) {
      throw new IllegalArgumentException("attribute " + name + " cannot be stored"); // logged by SessionMapping
    }
    return bytes;
  }

  @Override
  public byte[] encodeIfChanged(String name, Object value, byte[] before) {
    try {
      return serializer.encodeIfChanged(value, before, loader);
    } catch (SerializationException e) {
      byte[] bytes = encode(name, value); // Java serialization for what the codec cannot write
      return Arrays.equals(bytes, before) ? null : bytes;
    }
  }

  /** The address Jetty's FORM login returns to, for the other container, while nobody is logged in. */
  @Override
  public Map<String, byte[]> entries() {
    String returnUri = principal() == null ? SessionMapping.returnUri(data) : null;
    Map<String, byte[]> entries = new HashMap<>();
    entries.put(Login.RETURN_URI, returnUri == null ? null : Login.returnUriBytes(returnUri));
    return entries;
  }

  /** Jetty's login attribute, or null. */
  @Override
  public Object principal() {
    return loginOf(data);
  }

  static Object loginOf(SessionData data) {
    Object login = SessionMapping.LOGINS ? data.getAllAttributes().get(JettyLogins.AUTHENTICATED) : null;
    return login != null && JettyLogins.isLogin(login) ? login : null;
  }

  @Override
  public byte[] principalBytes() {
    JettyLogins.Stored login = SessionMapping.login(data);
    return login == null ? null : login.principal();
  }

  @Override
  public String authType() {
    JettyLogins.Stored login = SessionMapping.login(data);
    return login == null ? null : login.authType();
  }

  @Override
  public long creationTime() {
    return data.getCreated();
  }

  @Override
  public long accessTime() {
    return SessionMapping.lastAccess(data);
  }

  @Override
  public int maxInactiveSeconds() {
    return SessionMapping.maxInactiveSeconds(data);
  }

  @Override
  public Map<ContainerField, Long> containerFields() {
    return SessionMapping.containerFields(data, accessTime(), maxInactiveSeconds());
  }

  @Override
  public String lastNode() {
    return data.getLastNode();
  }
}
