package dev.handoff.tomcat;

import dev.handoff.store.VersionCookie;
import dev.handoff.store.RequestChanges;
import dev.handoff.store.NewSessionRefusedException;
import dev.handoff.store.SessionLock;
import dev.handoff.store.StoreUnavailableException;
import dev.handoff.store.TooFewReplicasException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Installed by {@link RedisSessionManager} in the host's pipeline, so that it wraps the whole
 * context, authenticators included (a FORM login that answers with a redirect never reaches the
 * context's inner valves). After the request, before Tomcat completes the response, it writes
 * the session's changes; requests of other contexts pass through untouched.
 */
final class SessionSaveValve extends ValveBase {

  /**
   * The sessions the request on this thread used, each with that request's own changes (Tomcat
   * offers no way to ask a request for its session without looking one up, which would cost a
   * round trip for requests that never used one). A session used only from another thread (async
   * processing) records its changes outside requests; they are saved with its next request.
   */
  private static final ThreadLocal<Map<RedisSession, RequestChanges>> USED = new ThreadLocal<>();

  /** A write of the request on this thread that must fail it (503) however the application handled it. */
  private static final ThreadLocal<RuntimeException> FAILED = new ThreadLocal<>();
  /** The request's {@link VersionCookie} value on this thread, null when it has none. */
  private static final ThreadLocal<String> CLIENT_VERSION = new ThreadLocal<>();
  /** True while this thread serves a FORM login's credentials (a POST to j_security_check). */
  private static final ThreadLocal<Boolean> LOGIN_ACTION = new ThreadLocal<>();

  private final RedisSessionManager manager;

  SessionSaveValve(RedisSessionManager manager) {
    super(true);
    this.manager = manager;
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    if (request.getContext() != manager.context()) {
      getNext().invoke(request, response);
      return;
    }
    String uri = request.getDecodedRequestURI();
    LOGIN_ACTION.set(uri != null && uri.endsWith(org.apache.catalina.authenticator.Constants.FORM_ACTION));
    CLIENT_VERSION.set(versionCookieOf(request));
    try {
      invokeInContext(request, response);
    } finally {
      UnknownIds.forget();
      FAILED.remove();
      LOGIN_ACTION.remove();
      CLIENT_VERSION.remove();
    }
  }

  /** The request on this thread is to fail with 503 (a write it made may be lost in a failover). */
  static void failRequest(RuntimeException cause) {
    FAILED.set(cause);
  }

  private void invokeInContext(Request request, Response response) throws IOException, ServletException {
    Optional<SessionLock> lock = manager.lockFor(request.getRequestedSessionId(), request.getDecodedRequestURI());
    Map<RedisSession, RequestChanges> used = new LinkedHashMap<>(2);
    try {
      Map<RedisSession, RequestChanges> outer = USED.get();
      USED.set(used);
      try {
        getNext().invoke(request, response);
      } catch (StoreUnavailableException | TooFewReplicasException e) {
        refuse(response);
        return;
      } finally {
        USED.set(outer);
      }
      if (FAILED.get() != null) {
        refuse(response);
        return;
      }
      Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      if (causedBy(error, NewSessionRefusedException.class) || causedBy(error, TooFewReplicasException.class)
          || (manager.failsWhenRedisIsDown() && causedBy(error, StoreUnavailableException.class))) {
        refuse(response);
        return;
      }
      try {
        used.forEach(manager::save);
      } catch (TooFewReplicasException e) { // syncFailure=fail: the write may not survive a failover
        refuse(response);
        return;
      }
      if (FAILED.get() != null) { // failurePolicy=fail: a change only queued is not acknowledged
        refuse(response);
        return;
      }
      used.keySet().forEach(session -> tellVersion(request, response, session));
    } finally {
      used.forEach((session, changes) -> session.tracked().endRequest(changes));
      lock.ifPresent(manager::release); // after the save: the next holder sees it
    }
  }

  private static String versionCookieOf(Request request) {
    jakarta.servlet.http.Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (jakarta.servlet.http.Cookie cookie : cookies) {
        if (VersionCookie.NAME.equals(cookie.getName())) {
          return cookie.getValue();
        }
      }
    }
    return null;
  }

  /**
   * The version of session {@code id} the client of the request on this thread last saw written
   * (its {@link VersionCookie}); -1 when it names none, or this thread serves no request.
   */
  static long clientVersion(String id) {
    return VersionCookie.version(CLIENT_VERSION.get(), id);
  }

  /**
   * Sets the version cookie when the client's names another version than the session holds now.
   * A response committed already (the application flushed it) cannot take it: the client's next
   * request elsewhere then relies on the announcement of this request's write alone.
   */
  private void tellVersion(Request request, Response response, RedisSession session) {
    long version = session.tracked().version();
    String id = session.getIdInternal();
    if (response.isCommitted()) {
      return;
    }
    if (!session.isAlive()) { // invalidated by this request: the cookie goes, so that no node trusts its copy
      if (clientVersion(id) > 0) {
        jakarta.servlet.http.Cookie expired = versionCookie(request, "");
        expired.setMaxAge(0);
        response.addCookie(expired);
      }
      return;
    }
    if (version <= 0 || clientVersion(id) == version) {
      return;
    }
    response.addCookie(versionCookie(request, VersionCookie.value(id, version)));
  }

  private jakarta.servlet.http.Cookie versionCookie(Request request, String value) {
    jakarta.servlet.http.Cookie cookie = new jakarta.servlet.http.Cookie(VersionCookie.NAME, value);
    cookie.setPath(org.apache.catalina.util.SessionConfig.getSessionCookiePath(manager.context()));
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    return cookie;
  }

  /** Called when a request on this thread obtains or creates a session. */
  static void used(RedisSession session) {
    Map<RedisSession, RequestChanges> used = USED.get();
    if (used != null && session.tracked() != null) {
      changesOf(session);
    }
  }

  /**
   * True while this thread serves a FORM login's credentials: Tomcat answers them with a redirect
   * that is sent only after this valve's save, so nothing of the session needs writing before it.
   */
  static boolean servesLoginAction() {
    return Boolean.TRUE.equals(LOGIN_ACTION.get());
  }

  /** True when the request on this thread uses {@code session}: its save comes at the request's end. */
  static boolean usedInThisRequest(RedisSession session) {
    Map<RedisSession, RequestChanges> used = USED.get();
    return used != null && used.containsKey(session);
  }

  /**
   * The changes of the request on this thread to {@code session}, begun at its first use; the
   * session's changes outside requests when this thread serves no request.
   */
  static RequestChanges changesOf(RedisSession session) {
    Map<RedisSession, RequestChanges> used = USED.get();
    if (used == null) {
      return session.tracked().outsideRequests();
    }
    return used.computeIfAbsent(session, s -> s.tracked().beginRequest());
  }

  /** True when {@code error} is a {@code type} or was caused by one (a servlet may wrap it). */
  private static boolean causedBy(Object error, Class<? extends Throwable> type) {
    for (Throwable t = error instanceof Throwable thrown ? thrown : null; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void refuse(Response response) throws IOException {
    if (!response.isCommitted()) {
      response.reset();
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Session store unavailable");
    }
  }
}
