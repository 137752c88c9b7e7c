package dev.handoff.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scripted demo (bin/demo --scripted), run in this JVM against a throwaway Redis, and a throwaway memcached. */
class DemoScriptIT {

  @Test
  void scripted_throwawayRedis_passesEveryStepAndLeavesNothingRunning() throws Exception {
    List<ProcessHandle> before = ProcessHandle.current().descendants().collect(Collectors.toList());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      status = Demo.scripted(new PrintStream(new Tee(out, System.out), true, StandardCharsets.UTF_8), null);
    }
    String output = captured.toString(StandardCharsets.UTF_8);

    assertEquals(0, status, "the scripted demo failed:\n" + output);
    assertTrue(output.contains("PASSED"), output);
    assertTrue(output.contains("Jetty node:   jetty-c "), output);
    // The login made on Tomcat (steps 1-2) is seen on the Jetty node (step 3), then every node in turn.
    assertTrue(output.matches("(?s).*\\n3 +GET /secure/ \\(the redirect\\): logged in +jetty-c +200 +alice .*"), output);
    assertTrue(output.matches("(?s).*\\n16 +GET /secure/: login form again +(tomcat-[ab]|jetty-c) .*"), output);
    assertTrue(output.contains("kill -9 tomcat-"), output);

    List<ProcessHandle> left = awaitNoNewDescendants(before);
    assertTrue(left.isEmpty(), "processes the demo started still run: " + left.stream()
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.joining("\n")));
  }

  /** {@code bin/demo --scripted --engine memcached}: the same tour with the sessions in a throwaway memcached. */
  @Test
  void scripted_onMemcached_passesEveryStepAndLeavesNothingRunning() throws Exception {
    List<ProcessHandle> before = ProcessHandle.current().descendants().collect(Collectors.toList());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      status = Demo.scripted(new PrintStream(new Tee(out, System.out), true, StandardCharsets.UTF_8), null, true);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, "the scripted demo on Memcached failed:\n" + output);
    assertTrue(output.contains("Memcached:    memcached://127.0.0.1:") && output.contains("(a throwaway memcached"), output);
    assertTrue(output.matches("(?s).*\\n3 +GET /secure/ \\(the redirect\\): logged in +jetty-c +200 +alice .*"), output);
    assertTrue(output.contains("PASSED"), output);
    List<ProcessHandle> left = awaitNoNewDescendants(before);
    assertTrue(left.isEmpty(), "processes the demo started still run: " + left.stream()
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.joining("\n")));
  }

  private static List<ProcessHandle> awaitNoNewDescendants(List<ProcessHandle> before) throws InterruptedException {
    List<ProcessHandle> left = List.of();
    for (int i = 0; i < 100; i++) {
      left = ProcessHandle.current().descendants()
          .filter(ProcessHandle::isAlive).filter(p -> !before.contains(p)).collect(Collectors.toList());
      if (left.isEmpty()) {
        return left;
      }
      Thread.sleep(100);
    }
    return left;
  }

  /** Writes to two streams: the captured output, and the console for whoever watches the build. */
  private static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final java.io.OutputStream second;

    Tee(java.io.OutputStream first, java.io.OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
      first.write(bytes, offset, length);
      second.write(bytes, offset, length);
    }
  }
}
