package dev.handoff.benchmarks;

import dev.handoff.demo.JettyProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An embedded Jetty 12 (ee10) node in a process of its own: the demo's Jetty node with the test
 * webapp under {@code /app}, the Tomcat nodes' heap, on the class path the demo module's build
 * wrote (system property {@code handoff.bench.demo.dir}, default {@code demo/target}).
 */
final class JettyLoadNode implements LoadNode {

  private final JettyProcess process;

  private JettyLoadNode(JettyProcess process) {
    this.process = process;
  }

  /**
   * Starts a node serving {@code war} with Handoff configured by {@code settings} ({@code name=value},
   * the adapter's vocabulary), or Jetty's own in-memory sessions when there are none; returns once
   * {@code /app/nosession} answers 200.
   */
  static JettyLoadNode start(String name, Path war, List<String> settings, Path logDirectory) {
    Path demo = Path.of(System.getProperty("handoff.bench.demo.dir", "demo/target")).toAbsolutePath();
    return new JettyLoadNode(JettyProcess.start(JettyProcess.runtimeClasspath(demo), war, logDirectory.toAbsolutePath(),
        name, List.of("-Xms512m", "-Xmx1g"), settings.isEmpty() ? List.of("--in-memory") : settings, Map.of(),
        "/app/nosession"));
  }

  @Override
  public String baseUrl() {
    return process.baseUrl();
  }

  @Override
  public Duration cpuTime() {
    return process.cpuTime();
  }

  @Override
  public String logTail() {
    return process.logTail();
  }

  @Override
  public void close() {
    process.close();
  }
}
