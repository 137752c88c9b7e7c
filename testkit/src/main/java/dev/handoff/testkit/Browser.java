package dev.handoff.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A minimal browser for tests against several nodes. It keeps one cookie jar, by name only, and
 * sends every cookie to every address, whatever its host, port or path: as if all nodes sat
 * behind one load balancer. So after {@code get(nodeA.baseUrl() + "/app/counter")},
 * {@code get(nodeB.baseUrl() + "/app/counter")} carries node A's {@code JSESSIONID}. It follows
 * redirects only when asked ({@link #follow}), so tests can look at each step.
 */
public final class Browser {

  private static final int MAX_REDIRECTS = 5;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private final Duration requestTimeout;

  /** A browser whose requests time out after 10 s. */
  public Browser() {
    this(Duration.ofSeconds(10));
  }

  /** A browser whose requests time out after {@code requestTimeout}. */
  public Browser(Duration requestTimeout) {
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout = " + requestTimeout + ": must be positive");
    }
    this.requestTimeout = requestTimeout;
  }

  /** GETs {@code url}, an absolute address such as {@code http://127.0.0.1:8080/app/counter}. */
  public Response get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /**
   * GETs {@code url} with {@code cookieHeader} as its whole Cookie header instead of the jar's (a
   * header a browser would not send, such as one cookie name given many times); the jar still
   * takes the cookies the response sets.
   */
  public Response getWithCookieHeader(String url, String cookieHeader) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), cookieHeader);
  }

  /** POSTs {@code form} URL-encoded (in the map's order) to {@code url}. */
  public Response post(String url, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Follows redirects from {@code response} with GETs (at most 5) until one is not a redirect. */
  public Response follow(Response response) {
    Response current = response;
    for (int i = 0; i < MAX_REDIRECTS && current.isRedirect(); i++) {
      current = send(HttpRequest.newBuilder(current.location().orElseThrow()).GET());
    }
    return current;
  }

  /**
   * Logs in through a container's FORM login as a browser does: GETs {@code protectedUrl}
   * (following redirects to the login page), POSTs {@code j_username} and {@code j_password} to
   * {@code j_security_check} next to that page, and follows the redirects back. Returns the
   * final response: the protected page on success, the login error page otherwise.
   *
   * @throws IllegalStateException if {@code protectedUrl} did not lead to a login form
   */
  public Response formLogin(String protectedUrl, String user, String password) {
    Response form = follow(get(protectedUrl));
    if (form.status() != 200 || !form.body().contains("j_security_check")) {
      throw new IllegalStateException("GET " + protectedUrl + " did not lead to a login form: " + form);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("j_username", user);
    fields.put("j_password", password);
    return follow(post(form.uri().resolve("j_security_check").toString(), fields));
  }

  /** The value of cookie {@code name}, or {@code null}. */
  public String cookie(String name) {
    return cookies.get(name);
  }

  /** Every cookie, by name. */
  public Map<String, String> cookies() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
  }

  /** Sets (replaces) a cookie sent with every later request. */
  public Browser setCookie(String name, String value) {
    cookies.put(name, value);
    return this;
  }

  /** Forgets a cookie. */
  public Browser removeCookie(String name) {
    cookies.remove(name);
    return this;
  }

  /** Forgets every cookie, as a new browser would. */
  public Browser clearCookies() {
    cookies.clear();
    return this;
  }

  private Response send(HttpRequest.Builder request) {
    return send(request, cookies.isEmpty() ? null : cookies.entrySet().stream()
        .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
        .collect(Collectors.joining("; ")));
  }

  private Response send(HttpRequest.Builder request, String cookieHeader) {
    if (cookieHeader != null) {
      request.header("Cookie", cookieHeader);
    }
    HttpRequest built = request.timeout(requestTimeout).build();
    try {
      HttpResponse<String> response = http.send(built,
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Response result = new Response(response.statusCode(), response.uri(), response.headers(),
          response.body());
      result.setCookies().forEach(this::remember);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(built.method() + " " + built.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + built.method() + " " + built.uri(), e);
    }
  }

  private void remember(String setCookie) {
    String[] parts = setCookie.split(";");
    String[] nameValue = parts[0].split("=", 2);
    String name = nameValue[0].strip();
    String value = nameValue.length > 1 ? nameValue[1].strip() : "";
    boolean expired = List.of(parts).stream().map(String::strip)
        .anyMatch(attribute -> attribute.equalsIgnoreCase("Max-Age=0"));
    if (expired || value.isEmpty()) {
      cookies.remove(name);
    } else {
      cookies.put(name, value);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** One response as the browser received it. */
  public record Response(int status, URI uri, HttpHeaders headers, String body) {

    /** The first value of header {@code name}, if present. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** The Set-Cookie headers, empty if none. */
    public List<String> setCookies() {
      return headers.allValues("Set-Cookie");
    }

    /** True for 301, 302, 303, 307 and 308. */
    public boolean isRedirect() {
      return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The Location header resolved against the request's address, if present. */
    public Optional<URI> location() {
      return header("Location").map(uri::resolve);
    }

    /** The body parsed as a JSON object (strings, numbers as Long or Double, booleans, null, List, Map). */
    public Map<String, Object> json() {
      Object value = JsonReader.parse(body);
      if (value instanceof Map<?, ?>) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
      }
      throw new IllegalStateException("not a JSON object: " + this);
    }

    @Override
    public String toString() {
      return status + " " + uri + "\n" + headers.map() + "\n" + body;
    }
  }
}
