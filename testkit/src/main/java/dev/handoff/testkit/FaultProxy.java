package dev.handoff.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port that forwards to one Redis node and, on demand, adds latency,
 * swallows traffic (black hole), drops or resets connections, or refuses new ones. It counts the
 * bytes it forwards, so a test can also measure what crosses the wire.
 */
public final class FaultProxy implements AutoCloseable {

  private static final int BUFFER = 16 * 1024;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesToServer = new AtomicLong();
  private final AtomicLong bytesToClient = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong roundTrips = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  private static final byte[] HEARTBEAT = "\r\nhb ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] PUBLISH = "*3\r\n$7\r\nPUBLISH\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private volatile long latencyMillis;
  private volatile boolean blackHole;
  /** Like {@link #blackHole}, for the connections that subscribed (pub/sub) only. */
  private volatile boolean subscribersBlackHole;
  private volatile long subscribersLatencyMillis;
  /** Both sockets of every connection whose client sent SUBSCRIBE. */
  private final Set<Socket> subscriberSockets = ConcurrentHashMap.newKeySet();
  private static final byte[] SUBSCRIBE = "SUBSCRIBE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Every open direction of every connection, for {@link #heal()} to deliver what a black hole held. */
  private final java.util.Set<Held> holding = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean refuse;
  private volatile boolean closed;
  /** While set, the next request that contains these bytes has its reply lost (one shot). */
  private final java.util.concurrent.atomic.AtomicReference<byte[]> loseReplyTo = new java.util.concurrent.atomic.AtomicReference<>();
  private final AtomicLong repliesLost = new AtomicLong();

  private FaultProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the proxy's port", e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy in front of {@code node}. */
  public static FaultProxy inFrontOf(RedisNode node) {
    return new FaultProxy(node.host(), node.port());
  }

  /** A proxy in front of {@code host:port}. */
  public static FaultProxy to(String host, int port) {
    return new FaultProxy(host, port);
  }

  /** The port clients connect to instead of the node's. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1}. */
  public String host() {
    return RedisNode.HOST;
  }

  /** Delays every chunk of data, in each direction, by {@code delay} (a round trip gains twice). */
  public void latency(Duration delay) {
    this.latencyMillis = delay.toMillis();
  }

  /**
   * From now on data in both directions is held: no reply, no error, no reset, as on a network
   * partition where TCP keeps retransmitting. {@link #heal()} delivers what was held, in order, and
   * the connections go on (a command sent during the black hole runs then, late).
   */
  public void blackHole() {
    this.blackHole = true;
  }

  /**
   * The next request that contains {@code marker} reaches the server, which executes it, but its
   * reply never reaches the client: the proxy swallows it and resets that connection, as a
   * network that fails between the server's write and the client's read would. One shot: the
   * client's resend, and everything after, goes through.
   */
  public void loseNextReplyTo(String marker) {
    loseReplyTo.set(marker.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Replies lost by {@link #loseNextReplyTo} so far. */
  public long repliesLost() {
    return repliesLost.get();
  }

  /** Closes every open connection with a normal FIN, as a restarting server would. */
  public void dropConnections() {
    closeAll(false);
  }

  /** Aborts every open connection with a TCP RST, as a crashed host or a NAT timeout would. */
  public void resetConnections() {
    closeAll(true);
  }

  /**
   * Aborts, with a TCP RST, only the connections that subscribed (sent SUBSCRIBE): a client's pub/sub
   * connection cut while its command connections go on.
   */
  public void resetSubscribers() {
    for (Socket socket : subscriberSockets) {
      abort(socket);
    }
  }

  /**
   * Delays every chunk of data on the connections that subscribed only: a client hears what is
   * published {@code delay} late, in order, while its commands go at full speed.
   */
  public void subscribersLatency(Duration delay) {
    this.subscribersLatencyMillis = delay.toMillis();
  }

  /** A black hole for the connections that subscribed only; {@link #heal()} ends it. */
  public void blackHoleSubscribers() {
    this.subscribersBlackHole = true;
  }

  /** While true, new connections are accepted and reset at once (a refused endpoint). */
  public void refuseConnections(boolean refuse) {
    this.refuse = refuse;
  }

  /** No latency, no black hole, new connections accepted. Connections already broken stay so. */
  public void heal() {
    latencyMillis = 0;
    blackHole = false;
    subscribersBlackHole = false;
    subscribersLatencyMillis = 0;
    refuse = false;
    for (Held held : holding) {
      held.deliver();
    }
  }

  /** What one direction of one connection received during a black hole, delivered on {@link #heal()}. */
  private static final class Held {
    private final OutputStream out;
    private final AtomicLong counter;
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    Held(OutputStream out, AtomicLong counter) {
      this.out = out;
      this.counter = counter;
    }

    synchronized void hold(byte[] buffer, int n) {
      bytes.write(buffer, 0, n);
    }

    /** Writes what is held, then {@code n} bytes of {@code buffer} (none when n is 0). */
    synchronized void write(byte[] buffer, int n) throws IOException {
      if (bytes.size() > 0) {
        counter.addAndGet(bytes.size());
        bytes.writeTo(out);
        bytes.reset();
      }
      if (n > 0) {
        counter.addAndGet(n); // before the write, so that a reader who got the bytes sees them counted
        out.write(buffer, 0, n);
      }
      out.flush();
    }

    void deliver() {
      try {
        write(new byte[0], 0);
      } catch (IOException e) {
        // the connection went away meanwhile: nothing to deliver to
      }
    }
  }

  /** Bytes forwarded from clients to the server. */
  public long bytesToServer() {
    return bytesToServer.get();
  }

  /** Bytes forwarded from the server to clients. */
  public long bytesToClient() {
    return bytesToClient.get();
  }

  /**
   * Round trips so far, over all connections: each burst of client bytes that follows a reply (or
   * opens a connection) counts one; commands pipelined together count once. A burst that is one
   * Handoff heartbeat alone (a PUBLISH of {@code hb <n>}, which a store sends itself, not waited for
   * by any request) is counted in {@link #heartbeats()} instead.
   */
  public long roundTrips() {
    return roundTrips.get();
  }

  /** Heartbeats the stores sent through this proxy, each a burst of its own (not in {@link #roundTrips()}). */
  public long heartbeats() {
    return heartbeats.get();
  }

  /** Connections accepted so far. */
  public long connectionsAccepted() {
    return accepted.get();
  }

  /** Connections open now (client sides). */
  public int openConnections() {
    return sockets.size() / 2;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    closeAll(true);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      if (refuse) {
        abort(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        java.util.concurrent.atomic.AtomicBoolean awaitingRequest = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicBoolean loseReply = new java.util.concurrent.atomic.AtomicBoolean();
        Link link = new Link(client, upstream, awaitingRequest, loseReply, new java.util.concurrent.atomic.AtomicBoolean());
        pump(client, upstream, bytesToServer, "up", link);
        pump(upstream, client, bytesToClient, "down", link);
      } catch (IOException e) {
        abort(client); // the target is down: the client sees a reset, as without the proxy
      }
    }
  }

  /**
   * Pumps one direction. {@code awaitingRequest} is shared by a connection's two pumps: a burst of
   * client bytes that follows a server reply (or opens the connection) starts a new round trip, so
   * pipelined commands sent together count once.
   */
  /** One proxied connection: its two sockets and what its two pumps share. */
  private record Link(Socket client, Socket upstream, java.util.concurrent.atomic.AtomicBoolean awaitingRequest,
      java.util.concurrent.atomic.AtomicBoolean loseReply, java.util.concurrent.atomic.AtomicBoolean subscriber) {
  }

  private void pump(Socket from, Socket to, AtomicLong counter, String direction, Link link) {
    java.util.concurrent.atomic.AtomicBoolean awaitingRequest = link.awaitingRequest();
    java.util.concurrent.atomic.AtomicBoolean loseReply = link.loseReply();
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[BUFFER];
      Held held = null;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        held = new Held(out, counter);
        holding.add(held);
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long delay = latencyMillis + (link.subscriber().get() ? subscribersLatencyMillis : 0);
          if (delay > 0) {
            Thread.sleep(delay);
          }
          if (direction.equals("up") && !link.subscriber().get() && contains(buffer, n, SUBSCRIBE)) {
            link.subscriber().set(true);
            subscriberSockets.add(link.client());
            subscriberSockets.add(link.upstream());
          }
          if (blackHole || (subscribersBlackHole && link.subscriber().get())) {
            held.hold(buffer, n);
            continue;
          }
          if (direction.equals("up")) {
            if (isHeartbeatAlone(buffer, n)) {
              heartbeats.incrementAndGet();
            } else if (awaitingRequest.compareAndSet(true, false)) {
              roundTrips.incrementAndGet();
            }
            byte[] marker = loseReplyTo.get();
            if (marker != null && contains(buffer, n, marker) && loseReplyTo.compareAndSet(marker, null)) {
              loseReply.set(true);
            }
          } else {
            awaitingRequest.set(true);
            if (loseReply.get()) {
              repliesLost.incrementAndGet();
              abort(from);
              abort(to);
              break;
            }
          }
          held.write(buffer, n);
        }
      } catch (IOException | InterruptedException e) {
        // the other side went away, or a fault was injected
      } finally {
        if (held != null) {
          holding.remove(held);
        }
        sockets.remove(from);
        sockets.remove(to);
        subscriberSockets.remove(from);
        subscriberSockets.remove(to);
        close(from);
        close(to);
      }
    }, "fault-proxy-" + port() + "-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  /** One command, a PUBLISH whose message starts {@code hb }: a store's heartbeat. */
  private static boolean isHeartbeatAlone(byte[] buffer, int length) {
    if (length < PUBLISH.length || length > 200 || !contains(buffer, length, HEARTBEAT)) {
      return false;
    }
    for (int i = 0; i < PUBLISH.length; i++) {
      if (buffer[i] != PUBLISH[i]) {
        return false;
      }
    }
    for (int i = 1; i < length; i++) {
      if (buffer[i] == '*' && buffer[i - 1] == '\n') {
        return false; // a second command in the same burst
      }
    }
    return true;
  }

  private static boolean contains(byte[] buffer, int length, byte[] marker) {
    outer:
    for (int i = 0; i + marker.length <= length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (buffer[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private void closeAll(boolean reset) {
    for (Socket socket : sockets) {
      if (reset) {
        abort(socket);
      } else {
        close(socket);
      }
    }
  }

  private static void abort(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // already closed
    }
    close(socket);
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
