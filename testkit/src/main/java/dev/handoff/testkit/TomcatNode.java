package dev.handoff.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Tomcat, unpacked from the official distribution, running as its own process on a free
 * loopback port with its own {@code CATALINA_BASE} (config, webapps, logs) under
 * {@code target/tomcat-nodes/}:
 *
 * <pre>{@code
 * try (TomcatNode node = TomcatNode.builder(catalinaHome).name("a")
 *     .war(testWebappWar, "app").readinessPath("/app/nosession").build()) {
 *   node.start();
 *   new Browser().get(node.baseUrl() + "/app/counter");
 * }
 * }</pre>
 *
 * The process never outlives the test JVM: a shutdown hook kills whatever still runs.
 */
public final class TomcatNode implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Set<TomcatNode> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    // Unsynchronized: a thread still inside start() must not keep the hook from killing.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(TomcatNode::destroyNow),
        "handoff-testkit-tomcat-cleanup"));
  }

  private final TomcatNodeSettings settings;
  private final Path base;
  private final int port;
  private final HttpClient probe = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private volatile Process process;
  private volatile boolean keepFiles;

  TomcatNode(TomcatNodeSettings settings) {
    this.settings = settings;
    this.port = Ports.free();
    this.base = TomcatBase.create(settings, port);
  }

  /** A node running the Tomcat unpacked in {@code catalinaHome} (the {@code apache-tomcat-x.y.z} directory). */
  public static TomcatNodeBuilder builder(Path catalinaHome) {
    return new TomcatNodeBuilder(catalinaHome);
  }

  /** The name given to the builder; also the system property {@code handoff.node} of the process. */
  public String name() {
    return settings.name();
  }

  /** The HTTP port, the same across restarts. */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port;
  }

  /** This node's {@code CATALINA_BASE}. */
  public Path base() {
    return base;
  }

  /** The {@code CATALINA_HOME} it runs. */
  public Path catalinaHome() {
    return settings.catalinaHome();
  }

  /** True while the process runs. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the process and waits until it is ready: the readiness path answers 200 (or, when
   * none was given, the connector answers at all). Does nothing if it already runs. On failure
   * the process is killed, the files are kept, and the exception carries the log tails.
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    List<String> command = command();
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(base.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/process.log").toFile()));
      builder.environment().put("CATALINA_HOME", settings.catalinaHome().toString());
      builder.environment().put("CATALINA_BASE", base.toString());
      builder.environment().putAll(settings.environment());
      process = builder.start();
    } catch (IOException e) {
      keepFiles();
      throw new UncheckedIOException(this + ": cannot start " + command, e);
    }
    RUNNING.add(this);
    awaitReady();
  }

  /** CPU time the node's process has used so far (user and system), zero when it never ran. */
  public synchronized java.time.Duration cpuTime() {
    return process == null ? java.time.Duration.ZERO
        : process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitForExit(process, STOP_TIMEOUT);
    }
    RUNNING.remove(this);
  }

  /** Stops the process with SIGTERM (Tomcat shuts down cleanly), killing it after 20 s. */
  public synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitForExit(process, STOP_TIMEOUT)) {
        process.destroyForcibly();
        waitForExit(process, STOP_TIMEOUT);
      }
    }
    RUNNING.remove(this);
  }

  /** The last lines of {@code logs/process.log} (stdout and stderr) and the catalina and localhost logs. */
  public String logTail() {
    List<Path> files = new ArrayList<>();
    files.add(base.resolve("logs/process.log"));
    try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
      logs.filter(p -> p.getFileName().toString().matches("(catalina|localhost)\\..*\\.log"))
          .sorted().forEach(files::add);
    } catch (IOException e) {
      // no logs directory: nothing more to show
    }
    StringBuilder text = new StringBuilder();
    files.forEach(file -> text.append(LogTail.of(name(), file)));
    return text.toString();
  }

  /** Keeps the base directory (config, webapps, logs) after {@link #close()}. */
  public void keepFiles() {
    keepFiles = true;
  }

  /** Kills the process and deletes the base directory unless {@link #keepFiles()} was called. */
  @Override
  public void close() {
    kill();
    if (!keepFiles) {
      Directories.deleteRecursively(base);
    }
  }

  @Override
  public String toString() {
    return "Tomcat " + name() + "@" + HOST + ":" + port;
  }

  private void destroyNow() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
      waitForExit(running, STOP_TIMEOUT);
    }
  }

  private List<String> command() {
    Path home = settings.catalinaHome();
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    // What catalina.sh passes on Java 17, so the memory leak protection works without warnings.
    command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
    command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
    command.add("--add-opens=java.base/java.util.concurrent=ALL-UNNAMED");
    command.add("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED");
    command.addAll(settings.jvmArguments());
    command.add("-cp");
    command.add(home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator
        + home.resolve("bin/tomcat-juli.jar"));
    command.add("-Dcatalina.home=" + home);
    command.add("-Dcatalina.base=" + base);
    command.add("-Djava.io.tmpdir=" + base.resolve("temp"));
    command.add("-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager");
    command.add("-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"));
    command.add("-Dhandoff.node=" + name());
    settings.systemProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("org.apache.catalina.startup.Bootstrap");
    command.add("start");
    return command;
  }

  private static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(java)) {
      return java.toString();
    }
    return ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot find the java executable of this JVM"
            + " (no " + java + ")"));
  }

  private void awaitReady() {
    Duration timeout = settings.startTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    String path = settings.readinessPath() == null ? "/" : settings.readinessPath();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        failStart("exited with code " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<Void> response = probe.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (settings.readinessPath() == null || response.statusCode() == 200) {
          return;
        }
        last = "GET " + path + " answered " + response.statusCode();
      } catch (ConnectException e) {
        last = "connection refused"; // not listening yet
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failStart("interrupted while waiting for it to start");
      }
      RedisNode.sleep(Duration.ofMillis(100));
    }
    failStart("not ready within " + timeout + " (" + last + ")");
  }

  private void failStart(String what) {
    kill();
    keepFiles();
    String readiness = settings.readinessPath() == null ? "any HTTP answer on /"
        : "200 from " + settings.readinessPath();
    throw new IllegalStateException(this + " " + what + "; waited for " + readiness
        + "; files kept in " + base + "\n" + logTail());
  }

  private static boolean waitForExit(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
