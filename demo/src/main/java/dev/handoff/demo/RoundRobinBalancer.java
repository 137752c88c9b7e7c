package dev.handoff.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A round-robin HTTP load balancer without stickiness: each request goes to the next node, and
 * a node that refuses the connection (it is down) is skipped for the one after it and left out
 * of the rotation for {@value #DOWN_MILLIS} ms (so the others keep taking turns). Method, path,
 * query, body and headers (cookies included) are forwarded both ways; a {@code Location} that
 * points at a node is rewritten to point back at the balancer. Each response carries
 * {@code X-Handoff-Node} naming the node that served it.
 */
final class RoundRobinBalancer implements AutoCloseable {

  /** The header naming the node that served a response. */
  static final String NODE_HEADER = "X-Handoff-Node";

  // Set by the client library itself, or meaningful for one hop only.
  private static final Set<String> REQUEST_SKIPPED = Set.of("host", "connection", "content-length",
      "expect", "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection",
      "http2-settings");
  private static final Set<String> RESPONSE_SKIPPED = Set.of("connection", "content-length",
      "keep-alive", "transfer-encoding", "date", ":status");

  private static final long DOWN_MILLIS = 5_000;

  private final List<Backend> backends = new CopyOnWriteArrayList<>();
  private final AtomicLong next = new AtomicLong();
  private final Map<String, Long> downUntil = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
    Thread thread = new Thread(runnable, "demo-balancer");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private volatile Consumer<String> accessLog = line -> { };
  /** Null until {@link #meter}: then each request is charged its Redis round trips. */
  private volatile RoundTripMeter meter;
  private final java.util.Deque<Passed> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final AtomicLong passedCount = new AtomicLong();
  private final ExecutorService settling = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "demo-balancer-round-trips");
    thread.setDaemon(true);
    return thread;
  });

  /** Requests kept for {@link #recent()}. */
  static final int RECENT = 12;

  /**
   * One request through the balancer: which node served it, its status, and the Redis round trips
   * charged to it (null until its traffic settled: from its start until it went quiet or the next
   * request began).
   */
  static final class Passed {
    final long number;
    final String method;
    final String path;
    final long before;
    volatile String node;
    volatile int status;
    volatile long millis;
    volatile Long roundTrips;

    Passed(long number, String method, String path, long before) {
      this.number = number;
      this.method = method;
      this.path = path;
      this.before = before;
    }
  }

  private RoundRobinBalancer(HttpServer server) {
    this.server = server;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** A balancer on {@code 127.0.0.1:preferredPort}, or on a free port when that one is taken. */
  static RoundRobinBalancer start(int preferredPort) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    HttpServer server;
    try {
      try {
        server = HttpServer.create(new InetSocketAddress(loopback, preferredPort), 64);
      } catch (BindException taken) {
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the balancer's port", e);
    }
    RoundRobinBalancer balancer = new RoundRobinBalancer(server);
    server.start();
    return balancer;
  }

  /** Charges each request from now on its Redis round trips, counted by {@code meter}. */
  void meter(RoundTripMeter meter) {
    this.meter = meter;
  }

  /** The last {@value #RECENT} requests, the newest first. */
  List<Passed> recent() {
    return List.copyOf(recent);
  }

  /** Serves {@code path} and below with {@code handler} instead of a node (the demo's own page). */
  void serve(String path, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** Adds a node at the end of the rotation. */
  void add(Backend backend) {
    backends.add(backend);
  }

  /** Receives one line per request: method, path, node, status. */
  void accessLog(Consumer<String> log) {
    this.accessLog = log;
  }

  /** {@code http://127.0.0.1:<port>}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    settling.shutdownNow();
  }

  /** The nodes not known to be down (all of them when every one is). */
  private List<Backend> rotation() {
    long now = System.currentTimeMillis();
    List<Backend> up = backends.stream().filter(node -> downUntil.getOrDefault(node.name(), 0L) <= now).toList();
    return up.isEmpty() ? List.copyOf(backends) : up;
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (exchange.getRequestURI().getPath().equals("/")) {
      try (exchange) {
        exchange.getResponseHeaders().set("Location", "/demo/");
        exchange.sendResponseHeaders(302, -1);
      }
      return;
    }
    Passed passed = passing(exchange);
    long started = System.nanoTime();
    try (exchange) {
      byte[] body = readAll(exchange.getRequestBody());
      List<Backend> nodes = rotation();
      long start = next.getAndIncrement();
      IOException last = null;
      for (int attempt = 0; attempt < nodes.size(); attempt++) {
        Backend node = nodes.get((int) ((start + attempt) % nodes.size()));
        HttpResponse<byte[]> response;
        try {
          response = client.send(request(exchange, node, body), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          if (!isDown(e, exchange.getRequestMethod())) {
            throw e;
          }
          last = e; // this node is down: the next one gets the request
          downUntil.put(node.name(), System.currentTimeMillis() + DOWN_MILLIS);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        respond(exchange, node, response);
        passed(passed, node.name(), response.statusCode(), started);
        accessLog.accept(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> "
            + node.name() + " " + response.statusCode());
        return;
      }
      String reason = "no node is answering" + (last == null ? "" : " (" + last + ")");
      accessLog.accept(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> 502 " + reason);
      passed(passed, null, 502, started);
      byte[] text = (reason + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
      exchange.sendResponseHeaders(502, text.length);
      exchange.getResponseBody().write(text);
    } catch (IOException | RuntimeException e) {
      accessLog.accept(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed: " + e);
      throw e;
    }
  }

  private Passed passing(HttpExchange exchange) {
    RoundTripMeter counting = meter;
    if (counting == null) {
      return null;
    }
    URI uri = exchange.getRequestURI();
    Passed passed = new Passed(passedCount.incrementAndGet(), exchange.getRequestMethod(),
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), counting.count());
    recent.addFirst(passed);
    while (recent.size() > RECENT) {
      recent.pollLast();
    }
    return passed;
  }

  /** Records how it went, and charges it its round trips once they settled. */
  private void passed(Passed passed, String node, int status, long startedNanos) {
    if (passed == null) {
      return;
    }
    passed.node = node;
    passed.status = status;
    passed.millis = (System.nanoTime() - startedNanos) / 1_000_000;
    RoundTripMeter counting = meter;
    settling.execute(() -> {
      long end = counting.settled(() -> passedCount.get() > passed.number);
      Passed next = recent.stream().filter(p -> p.number == passed.number + 1).findFirst().orElse(null);
      passed.roundTrips = (next != null ? Math.min(end, next.before) : end) - passed.before;
    });
  }

  /**
   * A refused connection means nothing was sent, so any request may go to the next node; a
   * connection that broke (a node killed while a pooled connection to it was idle) only for
   * requests that can safely be sent twice.
   */
  private static boolean isDown(IOException e, String method) {
    if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException
        || e.getCause() instanceof ConnectException) {
      return true;
    }
    return method.equals("GET") || method.equals("HEAD");
  }

  private static HttpRequest request(HttpExchange exchange, Backend node, byte[] body) {
    URI incoming = exchange.getRequestURI();
    String pathAndQuery = incoming.getRawPath()
        + (incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery());
    HttpRequest.Builder request = HttpRequest.newBuilder(node.baseUri().resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .method(exchange.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!REQUEST_SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host != null) {
      request.header("X-Forwarded-Host", host);
    }
    request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
    request.header("X-Forwarded-Proto", "http");
    return request.build();
  }

  private void respond(HttpExchange exchange, Backend node, HttpResponse<byte[]> response)
      throws IOException {
    String nodeBase = node.baseUri().toString().replaceAll("/+$", "");
    String host = exchange.getRequestHeaders().getFirst("Host");
    String ownBase = host == null ? baseUrl() : "http://" + host;
    response.headers().map().forEach((name, values) -> {
      if (RESPONSE_SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
        return;
      }
      for (String value : values) {
        if (name.equalsIgnoreCase("Location") && value.startsWith(nodeBase)) {
          value = ownBase + value.substring(nodeBase.length()); // the node's own address: back to us
        }
        exchange.getResponseHeaders().add(name, value);
      }
    });
    exchange.getResponseHeaders().set(NODE_HEADER, node.name());
    byte[] body = response.body();
    int status = response.statusCode();
    boolean noBody = body.length == 0 || status == 204 || status == 304
        || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      exchange.getResponseBody().write(body);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
