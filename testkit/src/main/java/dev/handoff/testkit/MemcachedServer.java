package dev.handoff.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code memcached} process on a free loopback port, for tests (Debian's package; {@code
 * bin/ensure-memcached} installs it). {@link #kill()} loses what it held, as a Memcached node lost
 * in ElastiCache; {@link #start()} brings it back empty on the same port.
 */
public final class MemcachedServer implements AutoCloseable {

  /** Environment variable naming the memcached executable; else the PATH's. */
  public static final String ENV = "HANDOFF_MEMCACHED";
  static final String INSTALL_HINT = "memcached is needed for the Memcached tests and was not found: install it"
      + " (Debian/Ubuntu: sudo apt-get install -y memcached; macOS: brew install memcached), run bin/ensure-memcached,"
      + " or set HANDOFF_MEMCACHED to its executable";

  private final String name;
  private final int port;
  private final Path log;
  /** The certificate and key it serves TLS with, or null for plain TCP. */
  private final TlsFiles tls;
  private Process process;

  private MemcachedServer(String name, int port, Path log, TlsFiles tls) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.tls = tls;
  }

  /** Starts a server named {@code name} (in logs) with 64 MB of memory. */
  public static MemcachedServer start(String name) {
    return start(name, null);
  }

  /**
   * Starts a server that speaks TLS only ({@code -Z}, as ElastiCache's in-transit encryption),
   * with the server certificate of {@code tls} (for 127.0.0.1, signed by its CA).
   */
  public static MemcachedServer startTls(String name, TlsFiles tls) {
    return start(name, java.util.Objects.requireNonNull(tls, "tls"));
  }

  private static MemcachedServer start(String name, TlsFiles tls) {
    try {
      Path dir = Files.createDirectories(Path.of(System.getProperty("handoff.testkit.dir", "target/testkit"), "memcached"));
      MemcachedServer server = new MemcachedServer(name, Ports.free(), dir.resolve(name + "-" + System.nanoTime() + ".log"),
          tls);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the process (again, empty) and waits until it accepts connections. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      List<String> command = new java.util.ArrayList<>(List.of(executable(), "-l", "127.0.0.1", "-p",
          Integer.toString(port), "-U", "0", "-m", "64", "-t", "2", "-v"));
      if ("root".equals(System.getProperty("user.name"))) {
        command.addAll(List.of("-u", "root")); // memcached refuses to run as root without being told so
      }
      if (tls != null) {
        command.addAll(List.of("-Z", "-o", "ssl_chain_cert=" + tls.serverCertificate() + ",ssl_key=" + tls.serverKey()));
      }
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("memcached " + name + " exited at start; its log: " + logText());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Pause.millis(20);
      }
    }
    throw new IllegalStateException("memcached " + name + " did not accept connections on " + port + " within 10 s");
  }

  private static String executable() {
    String configured = System.getenv(ENV);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "memcached");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(INSTALL_HINT);
  }

  /** {@code memcached://127.0.0.1:port}, or {@code memcacheds://} for a TLS server. */
  public String uri() {
    return (tls == null ? "memcached" : "memcacheds") + "://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** Kills the process (SIGKILL): everything it held is lost. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's log (verbose: one line per connection). */
  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }

  @Override
  public void close() {
    kill();
  }
}
