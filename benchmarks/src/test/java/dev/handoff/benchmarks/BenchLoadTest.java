package dev.handoff.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.benchmarks.BenchLoad.Invocation;
import dev.handoff.benchmarks.BenchLoad.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bin/bench-load's arguments: which part gets which option, and the parts' own parsers. */
class BenchLoadTest {

  @Test
  void parse_noArguments_runsEveryPart() {
    Invocation invocation = Invocation.parse();

    assertEquals(List.of(Part.LOAD, Part.FOOTPRINT, Part.SCALE), invocation.parts());
  }

  @Test
  void parse_mixedOptions_eachPartGetsItsOwnAndTheCommonOnes() {
    Invocation invocation = Invocation.parse("--quick", "--pages", "session", "--sweeps", "100:10",
        "--out", "/tmp/x", "--footprint-sessions", "50", "--direct");

    assertEquals(List.of("--quick", "--pages", "session", "--out", "/tmp/x", "--direct"),
        invocation.arguments().get(Part.LOAD));
    assertEquals(List.of("--quick", "--out", "/tmp/x", "--footprint-sessions", "50"),
        invocation.arguments().get(Part.FOOTPRINT));
    assertEquals(List.of("--quick", "--sweeps", "100:10", "--out", "/tmp/x"), invocation.arguments().get(Part.SCALE));
  }

  @Test
  void parse_parts_keepsTheirOrderOfRunning() {
    assertEquals(List.of(Part.FOOTPRINT, Part.SCALE), Invocation.parse("--parts", "footprint,scale").parts());
  }

  @Test
  void parse_unknownOptionOrPart_failsNamingIt() {
    IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
        () -> Invocation.parse("--speed", "3"));
    IllegalArgumentException part = assertThrows(IllegalArgumentException.class,
        () -> Invocation.parse("--parts", "load,latency"));

    assertTrue(option.getMessage().startsWith("--speed: unknown option"), option.getMessage());
    assertTrue(part.getMessage().contains("'latency' is not a part"), part.getMessage());
  }

  @Test
  void parse_optionOfAPartLeftOut_fails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Invocation.parse("--parts", "scale", "--pages", "session"));

    assertEquals("--pages belongs to the load part, which --parts leaves out", e.getMessage());
  }

  @Test
  void scaleSettings_quickOrFull_defaultRows() {
    ScaleBenchmark.Settings quick = ScaleBenchmark.Settings.parse("--quick");
    ScaleBenchmark.Settings full = ScaleBenchmark.Settings.parse();

    assertEquals(List.of(new ScaleBenchmark.Row(10_000, 1_000), new ScaleBenchmark.Row(100_000, 1_000),
        new ScaleBenchmark.Row(100_000, 10_000)), quick.rows());
    assertEquals(new ScaleBenchmark.Row(1_000_000, 10_000), full.rows().get(2));
    assertEquals(200, full.batch());
    assertEquals(5, full.repeats());
  }

  @Test
  void scaleSettings_sweeps_parsesPairsAndRefusesMoreExpiredThanTotal() {
    assertEquals(List.of(new ScaleBenchmark.Row(5_000, 50), new ScaleBenchmark.Row(1_000_000, 1_000)),
        ScaleBenchmark.Settings.parse("--sweeps", "5000:50, 1_000_000:1000").rows());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScaleBenchmark.Settings.parse("--sweeps", "10:20"));

    assertTrue(e.getMessage().contains("expired must not exceed the total"), e.getMessage());
  }

  @Test
  void footprintSettings_inMemoryManager_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FootprintBenchmark.Settings.parse("--footprint-configurations", "tomcat-memory"));

    assertTrue(e.getMessage().startsWith("--footprint-configurations: tomcat-memory keeps nothing in Redis"));
  }

  @Test
  void sessionId_distinctIndices_distinctTomcatLikeIds() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (long i = 0; i < 10_000; i++) {
      ids.add(ScaleSessions.id(1, i));
    }

    assertEquals(10_000, ids.size());
    assertTrue(ScaleSessions.id(1, 0).matches("[0-9A-F]{32}"));
    assertEquals(ScaleSessions.id(7, 42), ScaleSessions.id(7, 42));
  }
}
