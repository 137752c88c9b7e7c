package dev.handoff.tomcat;

import dev.handoff.store.Login;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import org.apache.catalina.authenticator.SavedRequest;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * Tomcat's login to the store's container-neutral {@link Login} and back, so that Tomcat and
 * Jetty nodes of one fleet resume each other's logins. A principal that carries more than a name
 * and roles (a JAAS user principal, GSS credentials, attributes, a subclass) also travels
 * serialized, and a Tomcat node gets it back whole; any other node sees its name and roles.
 * Likewise a FORM login's saved GET request travels as its address ({@link Login#RETURN_URI}).
 */
final class LoginMapping {

  private LoginMapping() {
  }

  /** The {@code pr} bytes for this principal, or null for no login. */
  static byte[] toStored(Principal principal, RedisSessionManager manager, String sessionId) {
    if (principal == null) {
      return null;
    }
    List<String> roles = principal instanceof GenericPrincipal generic ? List.of(generic.getRoles()) : List.of();
    byte[] own = isNameAndRoles(principal) ? null : manager.values().encode(principal, "principal", sessionId);
    return new Login(principal.getName(), roles, own).toBytes();
  }

  /** The principal of stored {@code pr} bytes; null (logged) when they cannot be read. */
  static Principal fromStored(byte[] bytes, RedisSessionManager manager, String sessionId) {
    Login login;
    try {
      login = Login.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      manager.values().reportUnreadable("login", sessionId, e.getMessage());
      return null;
    }
    if (login.containerPrincipal() != null
        && manager.values().decode(login.containerPrincipal(), "principal", sessionId) instanceof Principal own) {
      return own;
    }
    return new GenericPrincipal(login.name(), login.roles());
  }

  private static boolean isNameAndRoles(Principal principal) {
    return principal.getClass() == GenericPrincipal.class && principal instanceof GenericPrincipal generic
        && generic.getUserPrincipal() == generic && generic.getGssCredential() == null
        && !generic.getAttributeNames().hasMoreElements();
  }

  /** The address a saved GET request returns to, or null for any other saved request. */
  static String returnUri(Object note) {
    if (!(note instanceof SavedRequest saved) || !"GET".equals(saved.getMethod()) || saved.getRequestURI() == null) {
      return null;
    }
    return saved.getQueryString() == null ? saved.getRequestURI() : saved.getRequestURI() + "?" + saved.getQueryString();
  }

  /** A saved GET request for an address another container's login page saved. */
  static SavedRequest savedRequest(String returnUri) {
    int query = returnUri.indexOf('?');
    String path = query < 0 ? returnUri : returnUri.substring(0, query);
    SavedRequest saved = new SavedRequest();
    saved.setMethod("GET");
    saved.setRequestURI(path);
    String decoded;
    try {
      decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      decoded = path;
    }
    saved.setDecodedRequestURI(decoded);
    if (query >= 0) {
      saved.setQueryString(returnUri.substring(query + 1));
    }
    return saved;
  }
}
