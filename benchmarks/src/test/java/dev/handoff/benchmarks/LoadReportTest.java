package dev.handoff.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report code of the load benchmark, on made-up results (no load runs here). */
class LoadReportTest {

  private static final List<LoadResult> RESULTS = List.of(
      new LoadResult("tomcat-memory", LoadPage.COUNTER, LoadPattern.SEQUENTIAL, 20_000, 2.0, 0.4, 2.0, 0, 0, 0, 0, 0, 0, 2_000_000_000L),
      new LoadResult("handoff-sticky", LoadPage.COUNTER, LoadPattern.SEQUENTIAL, 16_000, 2.0, 0.5, 3.0, 48_000, 16_000,
          4_800_000, 2_400_000, 0, 0, 3_000_000_000L),
      new LoadResult("redisson", LoadPage.COUNTER, LoadPattern.SEQUENTIAL, 1_000, 2.0, 9.0, 30.0, 17_000, 16_000, 1_500_000, 900_000,
          0, 0, -1),
      new LoadResult("handoff-sticky", LoadPage.NOSESSION_NO_COOKIE, LoadPattern.SEQUENTIAL, 30_000, 2.0, 0.3, 1.0, 0, -1, -1, -1,
          0, 0, -1));

  @Test
  void commandCalls_commandStats_sumsCallsWithoutInfo() {
    String stats = "# Commandstats\r\n"
        + "cmdstat_evalsha:calls=10,usec=100,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r\n"
        + "cmdstat_info:calls=7,usec=70,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r\n"
        + "cmdstat_hget:calls=5,usec=5,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r\n";

    assertEquals(15, LoadReport.commandCalls(stats));
  }

  @Test
  void ratio_sameRunBaseline_dividesThroughputs() {
    LoadReport report = new LoadReport(RESULTS);

    assertEquals(0.8, report.ratio(RESULTS.get(1), "tomcat-memory"), 1e-9);
    assertEquals(16.0, report.ratio(RESULTS.get(1), "redisson"), 1e-9);
    assertTrue(Double.isNaN(report.ratio(RESULTS.get(3), "tomcat-memory")));
  }

  /** Issue 15: an overlapping run is compared with the baseline's overlapping run, not its sequential one. */
  @Test
  void ratio_comparesWithTheBaselineUnderTheSamePattern() {
    LoadResult overlapping = new LoadResult("handoff-sticky", LoadPage.COUNTER, LoadPattern.OVERLAPPING, 8_000, 2.0,
        0.5, 3.0, 24_000, 16_000, 0, 0, 0, 0, 1_000_000_000L);
    List<LoadResult> results = new java.util.ArrayList<>(RESULTS);
    results.add(new LoadResult("tomcat-memory", LoadPage.COUNTER, LoadPattern.OVERLAPPING, 10_000, 2.0, 0.4, 2.0, 0, 0,
        0, 0, 0, 0, 2_000_000_000L));
    results.add(overlapping);
    LoadReport report = new LoadReport(results);
    assertEquals(0.8, report.ratio(overlapping, "tomcat-memory"), 1e-9, "4,000 / 5,000 req/s, not / 10,000");
    assertTrue(report.markdown(List.of()).contains("**counter**, overlapping"), "a table of its own");
    assertTrue(report.budgets().contains(
        "handoff-sticky, counter, overlapping: throughput 0.80x of the in-memory baseline (>= 0.5x): met"), report.budgets().toString());
  }

  @Test
  void budgets_handoffWithinBudgets_allMet() {
    List<String> budgets = new LoadReport(RESULTS).budgets();

    assertEquals(List.of(
        "handoff-sticky, counter, sequential: throughput 0.80x of the in-memory baseline (>= 0.5x): met",
        "handoff-sticky, counter, sequential: throughput 16x of Redisson's manager (>= 10.0x): met",
        "handoff-sticky, counter, sequential: 1.00 round trips per request (<= 1): met"), budgets);
  }

  @Test
  void markdownAndCsv_results_oneRowEach() {
    LoadReport report = new LoadReport(RESULTS);

    String markdown = report.markdown(List.of("a header line"));
    String csv = report.csv();

    assertTrue(markdown.startsWith("- a header line\n"), markdown);
    assertTrue(markdown.contains("| Handoff, sticky (1 node) | 8,000 | 0.50 | 3.00 | 3.0 | 1.00 | 300 / 150 | 188 | 0.80x | 0 |"), markdown);
    assertTrue(markdown.contains("| 15,000 | 0.30 | 1.00 | 0.0 | n/a | n/a | n/a | n/a | 0 |"), markdown);
    assertEquals(5, csv.split("\n").length);
    assertTrue(csv.contains("counter,sequential,redisson,1000,2.00,500.0,9.000,30.000,17.00,16.00,0.050,0,0,1500,900,\n"), csv);
  }

  @Test
  void write_results_drawsAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("chart.png");

    LoadChart.write(RESULTS, "test", png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1400, image.getWidth());
  }
}
