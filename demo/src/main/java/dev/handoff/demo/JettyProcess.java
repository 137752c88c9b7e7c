package dev.handoff.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo's Jetty node as a process of its own ({@link JettyNodeMain} on the demo's run-time
 * class path), so that it is a node like the Tomcat ones: its own JVM, its own Redis
 * connections, its output in a log file; it can be stopped and started again on its port. Never
 * outlives the demo: {@link #close()} and a shutdown hook kill it.
 */
public final class JettyProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final String name;
  private final int port;
  private final Path log;
  private final List<String> command;
  private final Map<String, String> environment;
  private final String readinessPath;
  /** The running process, or the last one; started and stopped under this object's lock. */
  private volatile Process process;
  private Thread cleanup;

  private JettyProcess(String name, int port, Path log, List<String> command, Map<String, String> environment,
      String readinessPath) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.readinessPath = readinessPath;
  }

  /** Starts the demo's node and waits until {@code readinessPath} answers 200. */
  static JettyProcess start(DemoBuild build, String name, Map<String, String> settings,
      Map<String, String> environment, String readinessPath) {
    List<String> arguments = new ArrayList<>();
    settings.forEach((key, value) -> arguments.add(key + "=" + value));
    return start(build.runtimeClasspath(), build.war(), build.buildDirectory().resolve("jetty-nodes"), name,
        List.of("-Xmx256m"), arguments, environment, readinessPath);
  }

  /**
   * Starts {@link JettyNodeMain} on {@code classpath} (see {@link #runtimeClasspath}) serving
   * {@code war}, with these JVM options and arguments after its name, port and WAR (Handoff settings
   * as {@code name=value}, or {@code --in-memory}), its output in {@code logDirectory/name.log}; waits
   * until {@code readinessPath} answers 200. The load benchmark's Jetty nodes come from here too.
   */
  public static JettyProcess start(String classpath, Path war, Path logDirectory, String name,
      List<String> jvmOptions, List<String> arguments, Map<String, String> environment, String readinessPath) {
    int port = freePort();
    Path log = logDirectory.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, JettyNodeMain.class.getName(), name, Integer.toString(port),
        war.toString()));
    command.addAll(arguments);
    JettyProcess node = new JettyProcess(name, port, log, command, environment, readinessPath);
    node.start();
    return node;
  }

  /**
   * Starts the node again on its port (its log continues) and waits until it is ready. Does
   * nothing while it runs.
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Jetty node " + name + ": " + command, e);
    }
    if (cleanup == null) {
      // One hook per node, whatever it restarts: it kills the process of the moment.
      cleanup = new Thread(this::close, "demo-jetty-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
    try {
      awaitReady(readinessPath);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Whether its process runs. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the process with SIGTERM (Jetty stops its contexts and Handoff's store), killing it after 20 s. */
  public synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The demo module's classes and run-time dependencies as its build wrote them under
   * {@code buildDirectory} ({@code demo/target}): {@code classes/} and {@code classpath.txt}.
   */
  public static String runtimeClasspath(Path buildDirectory) {
    Path list = buildDirectory.resolve("classpath.txt");
    if (!Files.isRegularFile(list)) {
      throw new IllegalStateException(list + " is missing; build the demo with: mvn -B -pl demo -am package -DskipTests");
    }
    try {
      return buildDirectory.resolve("classes") + java.io.File.pathSeparator + Files.readString(list).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + list, e);
    }
  }

  String name() {
    return name;
  }

  /** CPU the node's process used so far. */
  public Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady(String path) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Jetty node " + name + " exited with code " + process.exitValue()
            + " while starting; its log " + log + " ends with:\n" + logTail());
      }
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
        last = "GET " + path + " answered " + response.statusCode();
      } catch (ConnectException e) {
        last = "connection refused";
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the Jetty node " + name + " started");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the Jetty node " + name + " started");
      }
    }
    throw new IllegalStateException("the Jetty node " + name + " was not ready within " + START_TIMEOUT + " ("
        + last + "); its log " + log + " ends with:\n" + logTail());
  }

  /** The last 40 lines of the node's log. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Kills the process and waits until it is gone (without the lock: the shutdown hook calls it). */
  @Override
  public void close() {
    Process running = process;
    if (running == null) {
      return;
    }
    running.destroyForcibly();
    try {
      running.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
