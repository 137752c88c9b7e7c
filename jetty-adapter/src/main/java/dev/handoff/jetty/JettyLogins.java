package dev.handoff.jetty;

import dev.handoff.store.Login;
import java.util.List;
import javax.security.auth.Subject;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.security.RolePrincipal;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.security.authentication.SessionAuthentication;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * Jetty's login, kept by its authenticators in a session attribute, to the store's
 * container-neutral {@link Login} (the {@code pr} and {@code at} fields) and back, so that Tomcat
 * and Jetty nodes of one fleet resume each other's logins; and Jetty's FORM login return address
 * to the neutral {@link Login#RETURN_URI} entry and back. Only loaded when jetty-security is on
 * the class path ({@link SessionMapping#LOGINS}): a Jetty without it has no container logins.
 */
final class JettyLogins {

  /** Where Jetty's authenticators keep the login (SessionAuthentication.AUTHENTICATED_ATTRIBUTE). */
  static final String AUTHENTICATED = "org.eclipse.jetty.security.UserIdentity";
  /** Where Jetty's FORM authenticator keeps the address to return to (FormAuthenticator.__J_URI). */
  static final String FORM_URI = "org.eclipse.jetty.security.form_URI";
  /** Set with {@link #FORM_URI} when the saved request was not a GET (FormAuthenticator.__J_METHOD). */
  static final String FORM_METHOD = "org.eclipse.jetty.security.form_METHOD";

  private JettyLogins() {
  }

  /** True when the attribute is a login Jetty's authenticators keep. */
  static boolean isLogin(Object attribute) {
    return attribute instanceof SessionAuthentication;
  }

  /** The {@code pr} bytes and auth type of Jetty's login attribute, or null when it is not a login. */
  static Stored toStored(Object attribute) {
    if (!(attribute instanceof SessionAuthentication authentication)) {
      return null;
    }
    UserIdentity user = authentication.getUserIdentity();
    // The subject's role principals, as UserIdentity.getRoles() reads them: that method is new in
    // Jetty 12.1.13, and this jar runs on every 12.1 (JettyHomeIT runs it on 12.1.12).
    List<String> roles = user.getSubject() == null ? List.of() : user.getSubject().getPrincipals(RolePrincipal.class)
        .stream().map(RolePrincipal::getName).sorted().toList();
    return new Stored(new Login(user.getUserPrincipal().getName(), roles, null).toBytes(),
        authentication.getAuthenticationType());
  }

  record Stored(byte[] principal, String authType) {
  }

  /**
   * The user of a login rebuilt from Redis: a name and no credential, as Jetty's NamePrincipal
   * (new in Jetty 12.1.13; this jar runs on every 12.1).
   */
  private record UserName(String name) implements java.security.Principal, java.io.Serializable {
    @Override
    public String getName() {
      return name;
    }
  }

  /**
   * Jetty's login attribute for a stored login, built as Jetty itself rebuilds a deserialized one
   * (a subject with the name and roles, through the context's identity service); null when the
   * context has no security handler.
   *
   * @throws IllegalArgumentException when the bytes are not a login
   */
  static Object fromStored(byte[] principal, String authType, Context context) {
    Login login = Login.fromBytes(principal);
    SecurityHandler security = SecurityHandler.getCurrentSecurityHandler();
    if (security == null && context instanceof ContextHandler.ScopedContext scoped) {
      security = scoped.getContextHandler().getDescendant(SecurityHandler.class);
    }
    if (security == null) {
      return null;
    }
    Authenticator authenticator = security.getAuthenticator();
    LoginService loginService = authenticator instanceof LoginAuthenticator form && form.getLoginService() != null
        ? form.getLoginService() : security.getLoginService();
    IdentityService identities = loginService != null ? loginService.getIdentityService()
        : security.getIdentityService();
    if (identities == null) {
      return null;
    }
    Subject subject = new Subject();
    UserName user = new UserName(login.name());
    subject.getPrincipals().add(user);
    login.roles().forEach(role -> subject.getPrincipals().add(new RolePrincipal(role)));
    subject.setReadOnly();
    UserIdentity identity = identities.newUserIdentity(subject, user, login.roles().toArray(String[]::new));
    return new SessionAuthentication(authType == null ? "FORM" : authType, identity, null);
  }

  /** The address of Jetty's saved GET request (path and query), or null. */
  static String returnUri(Object formUri, Object formMethod) {
    return formUri instanceof HttpURI uri && formMethod == null ? uri.getPathQuery() : null;
  }

  /** Jetty's saved-request address for the neutral one. */
  static Object formUri(String returnUri) {
    return HttpURI.from(returnUri);
  }
}
