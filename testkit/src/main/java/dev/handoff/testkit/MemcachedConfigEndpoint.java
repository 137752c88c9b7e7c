package dev.handoff.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An ElastiCache for Memcached configuration endpoint, for tests of Auto Discovery: it answers
 * {@code version} as a memcached 1.6 and {@code config get cluster} with the servers given (the
 * real ones the test started), as ElastiCache's endpoint lists a cluster's nodes. It serves no
 * data. {@link #configRequests()} counts the clients' questions.
 */
public final class MemcachedConfigEndpoint implements AutoCloseable {

  private final ServerSocket server;
  private final List<MemcachedServer> nodes;
  private final AtomicInteger configRequests = new AtomicInteger();
  private volatile boolean closed;

  private MemcachedConfigEndpoint(List<MemcachedServer> nodes) throws IOException {
    this.nodes = List.copyOf(nodes);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "memcached-config-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** An endpoint that lists {@code nodes}. */
  public static MemcachedConfigEndpoint listing(List<MemcachedServer> nodes) {
    try {
      return new MemcachedConfigEndpoint(nodes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code memcached://127.0.0.1:port}. */
  public String uri() {
    return "memcached://127.0.0.1:" + server.getLocalPort();
  }

  /** How many times a client asked for the cluster's configuration. */
  public int configRequests() {
    return configRequests.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Thread serving = new Thread(() -> serve(client), "memcached-config-endpoint-client");
        serving.setDaemon(true);
        serving.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
      OutputStream out = client.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        String reply;
        if (line.startsWith("version")) {
          reply = "VERSION 1.6.18\r\n";
        } else if (line.startsWith("config get cluster")) {
          configRequests.incrementAndGet();
          String body = "1\n" + nodes.stream().map(n -> "localhost|" + n.host() + "|" + n.port())
              .collect(Collectors.joining(" ")) + "\n";
          reply = "CONFIG cluster 0 " + body.length() + "\r\n" + body + "\r\nEND\r\n";
        } else {
          reply = "ERROR\r\n";
        }
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
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
  }
}
