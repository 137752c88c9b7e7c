package dev.handoff.tomcat;

import dev.handoff.store.StoreUnavailableException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
   * The session a request on this thread used (Tomcat offers no way to ask a request for its
   * session without looking one up, which would cost a round trip for requests that never used
   * one). A session used only from another thread (async processing) is saved with its next
   * request.
   */
  private static final ThreadLocal<RedisSession[]> USED = new ThreadLocal<>();

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
    java.util.Optional<dev.handoff.store.SessionLock> lock =
        manager.lockFor(request.getRequestedSessionId(), request.getDecodedRequestURI());
    try {
      RedisSession[] used = new RedisSession[1];
      RedisSession[] outer = USED.get();
      USED.set(used);
      try {
        getNext().invoke(request, response);
      } catch (StoreUnavailableException e) {
        refuse(response);
        return;
      } finally {
        USED.set(outer);
      }
      if (manager.failsWhenRedisIsDown() && request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_EXCEPTION)
          instanceof StoreUnavailableException) {
        refuse(response);
        return;
      }
      if (used[0] != null) {
        manager.save(used[0]);
      }
    } finally {
      lock.ifPresent(dev.handoff.store.SessionLock::close); // after the save: the next holder sees it
    }
  }

  /** Called when a request on this thread obtains or creates a session. */
  static void used(RedisSession session) {
    RedisSession[] used = USED.get();
    if (used != null) {
      used[0] = session;
    }
  }

  private static void refuse(Response response) throws IOException {
    if (!response.isCommitted()) {
      response.reset();
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Session store unavailable");
    }
  }
}
