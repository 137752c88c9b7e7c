package dev.handoff.jetty;

import dev.handoff.store.VersionCookie;
import java.nio.ByteBuffer;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.util.Callback;

/**
 * The {@link VersionCookie} on Jetty: read from each request as it enters the context (before
 * Jetty's session handler looks the session up, so that a load can skip its round trip), and set on
 * the response as its headers go out, after Jetty wrote the session (the data store's sessions
 * are written on response commit): the version that write left.
 */
final class JettyVersionCookies implements ContextHandler.ContextScopeListener {

  /** The version cookie of the request this thread serves in the context; null when none. */
  private static final ThreadLocal<String> CLIENT = new ThreadLocal<>();
  /** The request attribute that holds the version cookie the request sent, {@link #NONE} when it sent none. */
  private static final String SENT = JettyVersionCookies.class.getName() + ".sent";
  private static final String NONE = "";

  private final SessionManager manager;
  /** The version of this node's copy of a session; 0 when it holds none or does not know it. */
  private final ToLongFunction<String> versionHeld;

  JettyVersionCookies(SessionManager manager, ToLongFunction<String> versionHeld) {
    this.manager = manager;
    this.versionHeld = versionHeld;
  }

  /** The version of session {@code id} the client of this thread's request last saw written; -1 when none. */
  static long clientVersion(String id) {
    return VersionCookie.version(CLIENT.get(), id);
  }

  /**
   * Jetty enters the scope several times a request (each callback, write and dispatch runs in it):
   * the cookie is looked for once, in the raw header, and kept as a request attribute.
   */
  @Override
  public void enterScope(Context context, Request request) {
    if (request == null) {
      return;
    }
    Object seen = request.getAttribute(SENT);
    if (seen == null) {
      String value = sentVersion(request.getHeaders());
      request.setAttribute(SENT, value == null ? NONE : value);
      request.addHttpStreamWrapper(stream -> new SetsVersion(stream, request, value));
      seen = value;
    }
    if (seen instanceof String value && !value.isEmpty()) {
      CLIENT.set(value);
    }
  }

  @Override
  public void exitScope(Context context, Request request) {
    if (request != null && CLIENT.get() != null) {
      CLIENT.remove();
    }
  }

  /** The value of the last {@link VersionCookie#NAME} cookie in the request's Cookie headers; null when none. */
  static String sentVersion(HttpFields headers) {
    String found = null;
    for (HttpField field : headers) {
      if (field.getHeader() != HttpHeader.COOKIE) {
        continue;
      }
      String cookies = field.getValue();
      int from = 0;
      while ((from = cookies.indexOf(VersionCookie.NAME, from)) >= 0) {
        int start = from;
        from += VersionCookie.NAME.length();
        boolean named = (start == 0 || cookies.charAt(start - 1) == ' ' || cookies.charAt(start - 1) == ';')
            && from < cookies.length() && cookies.charAt(from) == '=';
        if (named) {
          int end = cookies.indexOf(';', from);
          found = cookies.substring(from + 1, end < 0 ? cookies.length() : end).strip();
        }
      }
    }
    return found;
  }

  /**
   * Adds the cookie to the response's headers as they are sent. Added before Jetty's session
   * handler wraps the stream, so it runs after that handler's commit wrote the session.
   */
  private final class SetsVersion extends HttpStream.Wrapper {
    private final Request request;
    private final String sent;

    SetsVersion(HttpStream stream, Request request, String sent) {
      super(stream);
      this.request = request;
      this.sent = sent;
    }

    @Override
    public void send(MetaData.Request metaRequest, MetaData.Response response, boolean last, ByteBuffer content,
        Callback callback) {
      super.send(metaRequest, response == null ? null : withVersion(response), last, content, callback);
    }

    private MetaData.Response withVersion(MetaData.Response response) {
      ManagedSession session = manager.getManagedSession(request);
      String path = request.getContext().getContextPath();
      String cookie;
      if (session == null || !session.isValid()) {
        // Invalidated by this request (Jetty then holds no session for it), or the cookie names none
        // that exists: the cookie goes, so that no node trusts a copy of it.
        if (sent == null || sent.isEmpty()) {
          return response;
        }
        cookie = VersionCookie.expiredCookieHeader(path, request.isSecure());
      } else {
        String id = session.getId();
        long version = versionHeld.applyAsLong(id);
        if (version <= 0 || VersionCookie.version(sent, id) == version) {
          return response;
        }
        cookie = VersionCookie.setCookieHeader(id, version, path, request.isSecure());
      }
      HttpFields fields = HttpFields.build(response.getHttpFields()).add(HttpHeader.SET_COOKIE, cookie);
      return new MetaData.Response(response.getStatus(), response.getReason(), response.getHttpVersion(), fields,
          response.getContentLength(), response.getTrailersSupplier());
    }
  }
}
