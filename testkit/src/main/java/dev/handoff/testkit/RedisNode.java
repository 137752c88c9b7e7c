package dev.handoff.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} (or Sentinel) process of a topology, on a fixed loopback port, with
 * its own directory holding its config, data and logs. Kill, stop and restart keep the port and
 * the data directory, so a restarted node comes back as the same node.
 */
public final class RedisNode {

  static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 60;

  private final String name;
  private final int port;
  private final Path dir;
  private final RedisOptions options;
  private final TlsFiles tls;
  private final boolean sentinel;
  private Process process;

  RedisNode(String name, int port, Path dir, RedisOptions options, TlsFiles tls, boolean sentinel,
      List<String> extraConfig) {
    this.name = name;
    this.port = port;
    this.dir = dir;
    this.options = options;
    this.tls = tls;
    this.sentinel = sentinel;
    writeConfig(extraConfig);
  }

  /** A name for logs, e.g. {@code cluster-3}. */
  public String name() {
    return name;
  }

  /** The port clients connect to (the TLS port when the topology uses TLS). */
  public int port() {
    return port;
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** {@code redis://127.0.0.1:port}, or {@code rediss://} with TLS. */
  public String uri() {
    return (options.usesTls() ? "rediss://" : "redis://") + HOST + ":" + port;
  }

  /** {@code 127.0.0.1:port}. */
  public String hostAndPort() {
    return HOST + ":" + port;
  }

  /** True for a Sentinel process. */
  public boolean isSentinel() {
    return sentinel;
  }

  /** The directory with this node's config, data, {@code redis.log} and {@code stdout.log}. */
  public Path dir() {
    return dir;
  }

  /** True while the process runs. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the process and waits until it answers PING. Does nothing if it already runs. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(RedisBinary.locate().path().toString());
    command.add(dir.resolve(sentinel ? "sentinel.conf" : "redis.conf").toString());
    if (sentinel) {
      command.add("--sentinel");
    }
    try {
      process = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command + ")", e);
    }
    awaitPing();
  }

  /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitForExit(process);
    }
  }

  /**
   * Freezes the process with SIGSTOP: it holds its connections and answers nothing (a replica
   * frozen so acknowledges no write) until {@link #thaw()}.
   */
  public synchronized void freeze() {
    signal("-STOP");
  }

  /** Lets a frozen process run again (SIGCONT). */
  public synchronized void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    try {
      int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the process with SIGTERM (Redis flushes its AOF and exits cleanly) and waits. */
  public synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitForExit(process)) {
        process.destroyForcibly();
        waitForExit(process);
      }
    }
  }

  /** Stops the process if it runs, then starts it again on the same port and data. */
  public synchronized void restart() {
    stop();
    start();
  }

  /** A new client connection, authenticated as the administrative user; the caller closes it. */
  public RespClient client() {
    RespClient client = RespClient.connect(HOST, port, tls == null ? null : tls.clientContext(),
        Duration.ofSeconds(10));
    if (options.adminPassword() != null) {
      client.auth("default", options.adminPassword());
    }
    return client;
  }

  /**
   * Runs one administrative command, under its hidden name when the topology renamed it away
   * (the ElastiCache-like servers), and returns the reply.
   */
  public Object admin(String... args) {
    String[] actual = args.clone();
    actual[0] = options.renamedCommands().getOrDefault(args[0].toUpperCase(), args[0]);
    try (RespClient client = client()) {
      return client.call(actual);
    }
  }

  /** First element of {@code ROLE}: {@code master}, {@code slave} or {@code sentinel}. */
  public String role() {
    Object role = admin("ROLE");
    return (String) ((List<?>) role).get(0);
  }

  /** The last lines of this node's logs. */
  public String logTail() {
    StringBuilder text = new StringBuilder();
    for (String file : new String[] {"stdout.log", "redis.log"}) {
      Path path = dir.resolve(file);
      if (!Files.exists(path)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        text.append("---- ").append(name).append(' ').append(path).append(" (last ")
            .append(Math.min(LOG_TAIL_LINES, lines.size())).append(" of ").append(lines.size())
            .append(" lines)\n");
        for (String line : lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) {
          text.append(line).append('\n');
        }
      } catch (IOException e) {
        text.append("---- cannot read ").append(path).append(": ").append(e).append('\n');
      }
    }
    return text.toString();
  }

  void printLogs(PrintStream out) {
    out.print(logTail());
  }

  @Override
  public String toString() {
    return name + "@" + hostAndPort();
  }

  private void writeConfig(List<String> extraConfig) {
    List<String> lines = new ArrayList<>();
    lines.add("bind " + HOST);
    lines.add("protected-mode no");
    lines.add("daemonize no");
    lines.add("dir " + dir.toAbsolutePath());
    lines.add("logfile " + dir.toAbsolutePath().resolve("redis.log"));
    if (tls != null) {
      lines.add("port 0");
      lines.add("tls-port " + port);
      lines.add("tls-cert-file " + tls.serverCertificate().toAbsolutePath());
      lines.add("tls-key-file " + tls.serverKey().toAbsolutePath());
      lines.add("tls-ca-cert-file " + tls.caCertificate().toAbsolutePath());
      lines.add("tls-auth-clients "
          + (options.tls() == TlsMode.CLIENT_CERTIFICATE_REQUIRED ? "yes" : "no"));
      lines.add("tls-replication yes");
    } else {
      lines.add("port " + port);
    }
    if (options.adminPassword() != null) {
      lines.add("user default on >" + options.adminPassword() + " ~* &* +@all");
      if (!sentinel) {
        lines.add(options.aclUser().configLine());
        lines.add("masteruser default");
        lines.add("masterauth " + options.adminPassword());
      }
    }
    if (!sentinel) {
      lines.add("save \"\"");
      lines.add("appendonly " + (options.appendOnly() ? "yes" : "no"));
      if (options.appendOnly()) {
        lines.add("appendfsync always");
      }
      for (Map.Entry<String, String> rename : options.renamedCommands().entrySet()) {
        lines.add("rename-command " + rename.getKey() + " " + rename.getValue());
      }
    }
    lines.addAll(extraConfig);
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(sentinel ? "sentinel.conf" : "redis.conf"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config of " + name + " in " + dir, e);
    }
  }

  private void awaitPing() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited at start with code " + process.exitValue()
            + " (redis-server " + RedisBinary.locate().version() + ")\n" + logTail());
      }
      try (RespClient client = client()) {
        if ("PONG".equals(client.string("PING"))) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // not listening yet, or still loading its data
      }
      sleep(Duration.ofMillis(50));
    }
    process.destroyForcibly();
    throw new IllegalStateException(name + " did not answer PING within " + START_TIMEOUT
        + " on port " + port + ": " + last + "\n" + logTail(), last);
  }

  private static boolean waitForExit(Process p) {
    try {
      return p.waitFor(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
