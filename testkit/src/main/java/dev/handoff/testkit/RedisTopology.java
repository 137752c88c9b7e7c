package dev.handoff.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A set of Redis processes started together and torn down together by {@link #close()}. Its
 * directory (under {@code target/redis-testkit} by default) holds every node's config, data and
 * logs; it is deleted on close unless {@link #keepFiles()} was called, as {@link RedisExtension}
 * does when a test fails.
 */
public abstract class RedisTopology implements AutoCloseable {

  private static final Set<RedisTopology> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(RedisTopology::killAll),
        "handoff-testkit-cleanup"));
  }

  final RedisOptions options;
  final Path dir;
  final TlsFiles tls;
  private final List<RedisNode> nodes = new ArrayList<>();
  private volatile boolean keepFiles;

  RedisTopology(RedisOptions options) {
    this.options = options;
    try {
      Path base = Path.of(System.getProperty("handoff.testkit.dir", "target/redis-testkit"));
      Files.createDirectories(base);
      this.dir = Files.createTempDirectory(base.toAbsolutePath(), options.name() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of a Redis topology", e);
    }
    this.tls = options.usesTls() ? TlsFiles.generate(dir.resolve("tls")) : null;
    OPEN.add(this);
  }

  /** Creates a node of this topology (not started). */
  RedisNode newNode(String name, boolean sentinel, List<String> extraConfig, int port) {
    RedisNode node = new RedisNode(name, port, dir.resolve(name), options, tls, sentinel, extraConfig);
    nodes.add(node);
    return node;
  }

  /** A primary ({@code primary}) and {@code replicas} nodes replicating from it, not started. */
  List<RedisNode> newPrimaryWithReplicas(int replicas) {
    List<RedisNode> created = new ArrayList<>();
    RedisNode primary = newNode("primary", false, List.of(), Ports.free());
    created.add(primary);
    for (int i = 1; i <= replicas; i++) {
      created.add(newNode("replica-" + i, false,
          List.of("replicaof " + RedisNode.HOST + " " + primary.port()), Ports.free()));
    }
    return created;
  }

  /** Runs {@code startUp}; on failure keeps the files, kills what started and rethrows with logs. */
  void startOrCleanUp(Runnable startUp) {
    try {
      startUp.run();
    } catch (RuntimeException | Error e) {
      keepFiles();
      String logs = logs();
      close();
      throw new IllegalStateException("could not start " + describe() + "; files kept in " + dir
          + "\n" + logs, e);
    }
  }

  /** Every node of the topology, Sentinels included, in creation order. */
  public List<RedisNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The TLS files (certificates, stores) when the topology speaks TLS. */
  public Optional<TlsFiles> tls() {
    return Optional.ofNullable(tls);
  }

  /** The TLS mode every node runs with. */
  public TlsMode tlsMode() {
    return options.tls();
  }

  /** The prefix-limited ACL user, when the topology has one. */
  public Optional<AclUser> aclUser() {
    return Optional.ofNullable(options.aclUser());
  }

  /** Password of the {@code default} (administrative) user when an ACL user is set, else empty. */
  public Optional<String> adminPassword() {
    return Optional.ofNullable(options.adminPassword());
  }

  /** The directory holding every node's files. */
  public Path dir() {
    return dir;
  }

  /** One line saying what this is, e.g. {@code cluster of 3 shards x 1 replica, TLS}. */
  public abstract String describe();

  /** Keeps the directory (configs, data, logs) after {@link #close()}. */
  public void keepFiles() {
    keepFiles = true;
  }

  /** The last lines of every node's logs. */
  public String logs() {
    StringBuilder text = new StringBuilder();
    for (RedisNode node : nodes) {
      text.append(node.logTail());
    }
    return text.toString();
  }

  /** Prints {@link #logs()} with a heading. */
  public void printLogs(PrintStream out) {
    out.println("==== Redis logs of " + describe() + " (files in " + dir + ")");
    out.print(logs());
  }

  /** Kills every process and deletes the directory unless {@link #keepFiles()} was called. */
  @Override
  public void close() {
    killAll();
    OPEN.remove(this);
    if (!keepFiles) {
      Directories.deleteRecursively(dir);
    }
  }

  private void killAll() {
    for (RedisNode node : nodes) {
      node.kill();
    }
  }

  /** Polls {@code condition} until it holds; throws with {@code what} and the logs otherwise. */
  void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // a node in transition: try again
      }
      RedisNode.sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException(describe() + ": timed out after " + timeout + " waiting for "
        + what + (last == null ? "" : " (last error: " + last + ")") + "\n" + logs(), last);
  }

  String suffix() {
    StringBuilder s = new StringBuilder();
    if (options.usesTls()) {
      s.append(options.tls() == TlsMode.CLIENT_CERTIFICATE_REQUIRED ? ", TLS with client certificates" : ", TLS");
    }
    if (options.aclUser() != null) {
      s.append(", ACL user ").append(options.aclUser().name());
    }
    if (options.elastiCacheLike()) {
      s.append(", ElastiCache-restricted commands");
    }
    if (options.appendOnly()) {
      s.append(", AOF");
    }
    return s.toString();
  }
}
