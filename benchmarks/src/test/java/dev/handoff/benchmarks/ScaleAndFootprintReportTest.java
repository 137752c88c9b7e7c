package dev.handoff.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of the scale and footprint reports and of INFO snapshots, on made-up numbers. */
class ScaleAndFootprintReportTest {

  private static ScaleResult row(long total, long expired, double millis, long commands, long allocated) {
    ScaleResult.Memory memory = new ScaleResult.Memory(1_000 + total * 3_000, 1_000, 10, 24_000, total * 130,
        total, 1.0);
    return new ScaleResult(total, expired, memory, List.of(sweep(total, expired, millis + 50, commands, allocated),
        sweep(total, expired, millis, commands, allocated), sweep(total, expired, millis - 10, commands, allocated)));
  }

  private static ScaleResult.Sweep sweep(long total, long expired, double millis, long commands, long allocated) {
    return new ScaleResult.Sweep(millis, 0.1 * millis, 0.9 * millis, (int) (expired / 200 + 1), expired, commands,
        Map.of("evalsha", expired), expired * 2, expired * 350, expired * 1_800, allocated, 0.5 * millis,
        0.25 * millis, 1_000 + total * 3_000, 900 + total * 3_000, 0);
  }

  @Test
  void growth_rowsSharingExpiredOrTotal_comparedSmallToLarge() {
    ScaleReport report = new ScaleReport(List.of(row(10_000, 1_000, 200, 7_000, 30_000_000),
        row(1_000_000, 1_000, 210, 7_000, 31_000_000), row(1_000_000, 10_000, 2_000, 70_000, 300_000_000)));

    assertEquals(List.of(
        "all sessions x100 (10,000 -> 1,000,000), 1,000 expired: time x1.05, JVM CPU x1.05, Redis CPU x1.05,"
            + " commands x1.00, read events x1.00, JVM allocation x1.03",
        "expired sessions x10 (1,000 -> 10,000), 1,000,000 sessions: time x9.52, JVM CPU x9.52, Redis CPU x9.52,"
            + " commands x10, read events x10, JVM allocation x9.68"), report.growth());
  }

  @Test
  void markdown_scaleRow_perSessionMemoryAndPerExpiredCosts() {
    String markdown = new ScaleReport(List.of(row(10_000, 1_000, 200, 7_000, 30_000_000))).markdown(List.of("h"));

    assertTrue(markdown.contains("| 10,000 | 1,000 | 200 (190-250) | 20 / 180 | 100 / 50 | 6 | 7,000 | 7.0 | 2,000 "
        + "| 0.35 / 1.80 MB | 30.0 | 30.0 | 30.0 -> 30.0 |"), markdown);
    assertTrue(markdown.contains("| 10,000 | 30.0 | 3,000 B | 2,400 B (10 sampled) | 130.0 B |"), markdown);
  }

  @Test
  void shape_keysOfOneKind_sameShape() {
    assertEquals("handoff:localhost/fp:s1:{…}", FootprintResult.shape("handoff:localhost/fp:s1:{AbC-12_x}"));
    assertEquals("redisson:tomcat_session:<id>",
        FootprintResult.shape("redisson:tomcat_session:0123456789ABCDEF0123456789abcdef"));
  }

  @Test
  void ratios_handoffAndRedisson_dividesPerSessionAndPerRequest() {
    FootprintResult.Traffic traffic = new FootprintResult.Traffic(100, 100, 500, 20_000, 5_000);
    FootprintResult handoff = new FootprintResult("handoff-sticky", 100,
        List.of(new FootprintResult.KeyGroup("s", "hash", 100, 240_000)), 250_000,
        List.of(new FootprintResult.Phase("read", traffic, 0)), traffic);
    FootprintResult redisson = new FootprintResult("redisson", 100,
        List.of(new FootprintResult.KeyGroup("r", "hash", 100, 300_000)), 320_000,
        List.of(new FootprintResult.Phase("read", new FootprintResult.Traffic(100, 2_000, 2_500, 200_000, 150_000), 0)),
        traffic);

    List<String> ratios = new FootprintReport(List.of(handoff, redisson)).ratios();

    assertEquals("| MEMORY USAGE / session vs Redisson manager (readMode=REDIS) | 2,400 B | 3,000 B | 0.80 |",
        ratios.get(0));
    assertTrue(ratios.contains("| read: bytes / request, both ways vs Redisson manager (readMode=REDIS) | 250 B "
        + "| 3,500 B | 0.07 |"), ratios.toString());
  }

  @Test
  void redisInfo_twoShardsAndTwoSnapshots_sumsAndSubtracts() {
    RedisInfo a = RedisInfo.parse("# Stats\r\ntotal_reads_processed:10\r\nredis_version:7.0.15\r\nused_cpu_user:1.25\r\n"
        + "cmdstat_evalsha:calls=4,usec=1\r\ncmdstat_info:calls=3,usec=1\r\ncmdstat_cluster|nodes:calls=2,usec=1\r\n");
    RedisInfo b = RedisInfo.parse("total_reads_processed:5\r\ncmdstat_del:calls=6,usec=1\r\n");

    RedisInfo sum = a.plus(b);
    RedisInfo delta = sum.minus(b);

    assertEquals(15, sum.number("total_reads_processed"));
    assertEquals(1.25, sum.decimal("used_cpu_user"), 1e-9);
    assertEquals(10, sum.workCommands());
    assertEquals(4, delta.workCommands());
    assertEquals(0, delta.commandCalls().get("del"));
  }
}
