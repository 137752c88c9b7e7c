package dev.handoff.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ElastiCache's IAM front door, for tests: a TLS port (the testkit CA's certificate for
 * localhost and 127.0.0.1) in front of one Redis node that accepts {@code AUTH user token} only
 * when the token is an IAM token ElastiCache would take: a presigned {@code connect} request for
 * this cache and user, signed with SigV4 for {@code elasticache} in this region by the known
 * access key, not expired (at most 15 minutes). An accepted AUTH reaches the node as its ACL
 * user's own; a refused one as a wrong password, so the node answers WRONGPASS in order. As
 * ElastiCache closes an IAM connection 12 hours after its last accepted AUTH, this proxy closes a
 * connection once its last accepted AUTH (or its opening) is older than the lifetime given.
 */
public final class IamAuthProxy implements AutoCloseable {

  /** What the cache expects: its name, kind, region and the one access key allowed to sign. */
  public record Cache(String name, boolean serverless, String region, String accessKey, String secretKey) {
  }

  private static final long MAX_EXPIRES_SECONDS = 900;

  private final RedisNode node;
  private final AclUser upstream;
  private final Cache cache;
  private final ServerSocket server;
  private final Duration lifetime;
  private volatile boolean closed;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong closedForLifetime = new AtomicLong();
  private final AtomicLong subscribersClosedForLifetime = new AtomicLong();
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  private IamAuthProxy(RedisNode node, AclUser upstream, TlsFiles tls, Cache cache, Duration lifetime) {
    this.node = node;
    this.upstream = upstream;
    this.cache = cache;
    this.lifetime = lifetime;
    try {
      this.server = tls.serverContext().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the IAM proxy's port", e);
    }
    daemon("iam-proxy-" + server.getLocalPort(), this::acceptLoop);
    daemon("iam-proxy-lifetime-" + server.getLocalPort(), this::closeOutlived);
  }

  /**
   * A proxy in front of {@code node} (plain TCP), reached as its ACL user {@code upstream}.
   *
   * @param lifetime how long a connection lives after its last accepted AUTH (ElastiCache: 12 hours)
   */
  public static IamAuthProxy inFrontOf(RedisNode node, AclUser upstream, TlsFiles tls, Cache cache, Duration lifetime) {
    return new IamAuthProxy(node, upstream, tls, cache, lifetime);
  }

  /** {@code rediss://127.0.0.1:port}. */
  public String uri() {
    return "rediss://127.0.0.1:" + server.getLocalPort();
  }

  /** AUTHs whose token was accepted. */
  public long tokensAccepted() {
    return accepted.get();
  }

  /** Why each refused token was refused, in order. */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** Connections closed because their last accepted AUTH was older than the lifetime. */
  public long closedForLifetime() {
    return closedForLifetime.get();
  }

  /** Of those, the ones that had subscribed (pub/sub). */
  public long subscribersClosedForLifetime() {
    return subscribersClosedForLifetime.get();
  }

  /** Connections open now. */
  public int openConnections() {
    return connections.size();
  }

  /**
   * Why ElastiCache would refuse {@code token} for {@code user}, or null when it would take it.
   * Public so that a test can check a token it holds.
   */
  public String refusal(String user, String token) {
    int start = token.indexOf("/?");
    if (start < 0 || token.startsWith("http")) {
      return "not a presigned request without its scheme: " + token.substring(0, Math.min(20, token.length()));
    }
    String host = token.substring(0, start);
    Map<String, String> query = new TreeMap<>();
    for (String pair : token.substring(start + 2).split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        return "a parameter without a value";
      }
      query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String signature = query.remove("X-Amz-Signature");
    if (!host.equalsIgnoreCase(cache.name())) {
      return "signed for the cache " + host + ", not " + cache.name();
    }
    if (!"connect".equals(query.get("Action")) || !user.equals(query.get("User"))) {
      return "not a connect request for the user " + user + ": Action=" + query.get("Action") + ", User=" + query.get("User");
    }
    if (cache.serverless() != "ServerlessCache".equals(query.get("ResourceType"))) {
      return "ResourceType=" + query.get("ResourceType") + " for a " + (cache.serverless() ? "serverless cache" : "replication group");
    }
    if (!"AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm")) || !"host".equals(query.get("X-Amz-SignedHeaders"))
        || signature == null || query.get("X-Amz-Date") == null || query.get("X-Amz-Expires") == null) {
      return "not a SigV4 presigned request";
    }
    Instant at;
    long expires;
    try {
      at = SigV4.parseStamp(query.get("X-Amz-Date"));
      expires = Long.parseLong(query.get("X-Amz-Expires"));
    } catch (RuntimeException e) {
      return "unreadable X-Amz-Date or X-Amz-Expires";
    }
    String scope = SigV4.stamp(at).substring(0, 8) + "/" + cache.region() + "/elasticache/aws4_request";
    if (!(cache.accessKey() + "/" + scope).equals(query.get("X-Amz-Credential"))) {
      return "credential " + query.get("X-Amz-Credential") + ", not " + cache.accessKey() + "/" + scope;
    }
    Instant now = Instant.now();
    if (expires > MAX_EXPIRES_SECONDS) {
      return "X-Amz-Expires=" + expires + " above " + MAX_EXPIRES_SECONDS;
    }
    if (now.isAfter(at.plusSeconds(expires)) || at.isAfter(now.plus(Duration.ofMinutes(5)))) {
      return "expired or not yet valid: signed at " + at;
    }
    String expected = SigV4.signature(host, "/", query, cache.secretKey(), cache.region(), "elasticache", at,
        SigV4.EMPTY_PAYLOAD);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
      return "signature does not match";
    }
    return null;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket toNode = new Socket(node.host(), node.port());
        client.setTcpNoDelay(true);
        toNode.setTcpNoDelay(true);
        Connection connection = new Connection(client, toNode);
        connections.add(connection);
        daemon("iam-proxy-up-" + client.getPort(), connection::commands);
        daemon("iam-proxy-down-" + client.getPort(), connection::replies);
      } catch (IOException e) {
        if (!closed) {
          refusals.add("accept failed: " + e);
        }
      }
    }
  }

  private void closeOutlived() {
    while (!closed) {
      long now = System.nanoTime();
      for (Connection connection : connections) {
        if (now - connection.authenticatedAt > lifetime.toNanos()) {
          closedForLifetime.incrementAndGet();
          if (connection.subscribed) {
            subscribersClosedForLifetime.incrementAndGet();
          }
          connection.close();
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One client's connection and its connection to the node. */
  private final class Connection {
    final Socket client;
    final Socket toNode;
    volatile long authenticatedAt = System.nanoTime();
    volatile boolean subscribed;

    Connection(Socket client, Socket toNode) {
      this.client = client;
      this.toNode = toNode;
    }

    /** Client to node, one command at a time, AUTH (and HELLO's AUTH) checked and replaced. */
    void commands() {
      try (InputStream in = new BufferedInputStream(client.getInputStream());
          OutputStream out = new BufferedOutputStream(toNode.getOutputStream())) {
        while (true) {
          List<byte[]> command = readCommand(in);
          String name = new String(command.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
          if (name.equals("AUTH") && command.size() == 3) {
            authenticate(command, 1);
          } else if (name.endsWith("SUBSCRIBE") && !name.endsWith("UNSUBSCRIBE")) {
            subscribed = true;
          } else if (name.equals("HELLO")) {
            for (int i = 1; i + 2 < command.size(); i++) {
              if (new String(command.get(i), StandardCharsets.UTF_8).equalsIgnoreCase("AUTH")) {
                authenticate(command, i + 1);
              }
            }
          }
          writeCommand(out, command);
          if (in.available() == 0) {
            out.flush();
          }
        }
      } catch (IOException e) {
        // the client or the node closed
      } finally {
        close();
      }
    }

    private void authenticate(List<byte[]> command, int userIndex) {
      String user = new String(command.get(userIndex), StandardCharsets.UTF_8);
      String token = new String(command.get(userIndex + 1), StandardCharsets.UTF_8);
      String refusal = refusal(user, token);
      command.set(userIndex, upstream.name().getBytes(StandardCharsets.UTF_8));
      if (refusal == null) {
        accepted.incrementAndGet();
        authenticatedAt = System.nanoTime();
        command.set(userIndex + 1, upstream.password().getBytes(StandardCharsets.UTF_8));
      } else {
        refusals.add(refusal);
        command.set(userIndex + 1, ("refused-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
      }
    }

    /** Node to client, as it comes. */
    void replies() {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = toNode.getInputStream(); OutputStream out = client.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // closed
      } finally {
        close();
      }
    }

    void close() {
      connections.remove(this);
      closeQuietly(client);
      closeQuietly(toNode);
    }
  }

  /** One RESP array of bulk strings, as clients send commands. */
  private static List<byte[]> readCommand(InputStream in) throws IOException {
    String header = readLine(in);
    if (!header.startsWith("*")) {
      throw new IOException("not a RESP command: " + header);
    }
    int count = Integer.parseInt(header.substring(1));
    List<byte[]> args = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String length = readLine(in);
      byte[] arg = in.readNBytes(Integer.parseInt(length.substring(1)));
      in.readNBytes(2);
      args.add(arg);
    }
    return args;
  }

  private static void writeCommand(OutputStream out, List<byte[]> args) throws IOException {
    out.write(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : args) {
      out.write(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(arg);
      out.write('\r');
      out.write('\n');
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new EOFException();
      }
      line.write(c);
    }
    in.read();
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    connections.forEach(Connection::close);
  }
}
