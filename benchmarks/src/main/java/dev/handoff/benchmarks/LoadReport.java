package dev.handoff.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the load benchmark's results into a Markdown report (a table per page, with each
 * configuration's throughput as a ratio of the baseline's from the same run, and the design
 * budgets checked) and a CSV. Pure functions of the results, so unit-testable.
 */
final class LoadReport {

  /** Design brief: Handoff's throughput at least {@link LoadPage#minVsBaseline} of the in-memory baseline's, and at least this many times Redisson's manager's (default settings). */
  static final double MIN_VS_REDISSON = 10.0;

  /**
   * Background traffic (Redisson's pings, expiry sweeps) lands in the same counters; this much
   * per request is allowed for it when checking the round-trip budgets.
   */
  static final double ROUND_TRIP_SLACK = 0.02;

  private final List<LoadResult> results;

  LoadReport(List<LoadResult> results) {
    this.results = List.copyOf(results);
  }

  /** The sum of the {@code calls} of every command in an {@code INFO commandstats} reply, except INFO's own. */
  static long commandCalls(String commandStats) {
    long total = 0;
    for (String line : commandStats.split("\r?\n")) {
      if (!line.startsWith("cmdstat_") || line.startsWith("cmdstat_info:")) {
        continue;
      }
      int calls = line.indexOf("calls=");
      if (calls < 0) {
        continue;
      }
      int end = line.indexOf(',', calls);
      total += Long.parseLong(line.substring(calls + 6, end < 0 ? line.length() : end));
    }
    return total;
  }

  Optional<LoadResult> find(String configuration, LoadPage page, LoadPattern pattern) {
    return results.stream()
        .filter(r -> r.configuration().equals(configuration) && r.page() == page && r.pattern() == pattern).findFirst();
  }

  /** This result's throughput over {@code reference}'s on the same page and pattern, or NaN when not measured. */
  double ratio(LoadResult result, String reference) {
    return find(reference, result.page(), result.pattern())
        .filter(r -> r.requestsPerSecond() > 0)
        .map(r -> result.requestsPerSecond() / r.requestsPerSecond())
        .orElse(Double.NaN);
  }

  String csv() {
    StringBuilder csv = new StringBuilder("page,pattern,configuration,requests,seconds,requests_per_s,p50_ms,p99_ms,"
        + "redis_commands_per_request,round_trips_per_request,vs_baseline,errors,lost_sessions,"
        + "bytes_to_redis_per_request,bytes_from_redis_per_request,node_cpu_us_per_request\n");
    for (LoadResult r : results) {
      csv.append(r.page().id).append(',').append(r.pattern().id).append(',').append(r.configuration()).append(',').append(r.requests())
          .append(',').append(fmt("%.2f", r.seconds())).append(',').append(fmt("%.1f", r.requestsPerSecond()))
          .append(',').append(fmt("%.3f", r.p50Millis())).append(',').append(fmt("%.3f", r.p99Millis()))
          .append(',').append(fmt("%.2f", r.commandsPerRequest())).append(',')
          .append(Double.isNaN(r.roundTripsPerRequest()) ? "" : fmt("%.2f", r.roundTripsPerRequest())).append(',')
          .append(fmt("%.3f", ratio(r, LoadConfiguration.baselineOf(r.configuration()).id))).append(',')
          .append(r.errors()).append(',').append(r.lostSessions()).append(',')
          .append(Double.isNaN(r.bytesToRedisPerRequest()) ? "" : fmt("%.0f", r.bytesToRedisPerRequest())).append(',')
          .append(Double.isNaN(r.bytesFromRedisPerRequest()) ? "" : fmt("%.0f", r.bytesFromRedisPerRequest()))
          .append(',').append(Double.isNaN(r.nodeCpuMicrosPerRequest()) ? "" : fmt("%.0f", r.nodeCpuMicrosPerRequest()))
          .append('\n');
    }
    return csv.toString();
  }

  /** The tables and the budget verdicts, as Markdown; {@code header} lines come first. */
  String markdown(List<String> header) {
    StringBuilder md = new StringBuilder();
    header.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append('\n');
    for (LoadPattern pattern : patterns()) {
    for (LoadPage page : pages()) {
      md.append("**").append(page.id).append("**, ").append(pattern.id).append(" (").append(page.description)
          .append("; ").append(pattern.description).append(")\n\n")
          .append("| configuration | requests/s | p50 ms | p99 ms | Redis commands / request "
              + "| round trips / request | bytes to / from Redis per request | node CPU us / request | vs baseline | errors |\n")
          .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
      for (LoadResult r : results) {
        if (r.page() != page || r.pattern() != pattern) {
          continue;
        }
        md.append("| ").append(label(r.configuration())).append(" | ")
            .append(fmt("%,.0f", r.requestsPerSecond())).append(" | ")
            .append(fmt("%.2f", r.p50Millis())).append(" | ").append(fmt("%.2f", r.p99Millis())).append(" | ")
            .append(fmt("%.1f", r.commandsPerRequest())).append(" | ")
            .append(Double.isNaN(r.roundTripsPerRequest()) ? "n/a" : fmt("%.2f", r.roundTripsPerRequest())).append(" | ")
            .append(Double.isNaN(r.bytesToRedisPerRequest()) ? "n/a"
                : fmt("%,.0f", r.bytesToRedisPerRequest()) + " / " + fmt("%,.0f", r.bytesFromRedisPerRequest()))
            .append(" | ")
            .append(Double.isNaN(r.nodeCpuMicrosPerRequest()) ? "n/a" : fmt("%,.0f", r.nodeCpuMicrosPerRequest()))
            .append(" | ")
            .append(ratioText(ratio(r, LoadConfiguration.baselineOf(r.configuration()).id))).append(" | ")
            .append(r.errors() + r.lostSessions() == 0 ? "0"
                : r.errors() + (r.lostSessions() > 0 ? " (+" + r.lostSessions() + " lost sessions)" : ""))
            .append(" |\n");
      }
      md.append('\n');
    }
    }
    md.append("Budgets (design brief), checked on this run:\n\n");
    budgets().forEach(line -> md.append("- ").append(line).append('\n'));
    return md.toString();
  }

  /** One line per budget check: met or NOT met, with the measured value. */
  List<String> budgets() {
    List<String> lines = new ArrayList<>();
    String redisson = LoadConfiguration.REDISSON.id;
    for (LoadConfiguration configuration : List.of(LoadConfiguration.HANDOFF_STICKY, LoadConfiguration.HANDOFF_NON_STICKY,
        LoadConfiguration.JETTY_HANDOFF_STICKY, LoadConfiguration.JETTY_HANDOFF_NON_STICKY)) {
      String handoff = configuration.id;
      String baseline = configuration.baseline().id;
      for (LoadResult r : results) {
        if (!r.configuration().equals(handoff)) {
          continue;
        }
        if (r.page().usesSession) {
          double vsBaseline = ratio(r, baseline);
          if (!Double.isNaN(vsBaseline)) {
            lines.add(handoff + ", " + r.page().id + ", " + r.pattern().id + ": throughput " + ratioText(vsBaseline)
                + " of " + (configuration.onJetty() ? "Jetty's" : "the") + " in-memory baseline (>= "
                + r.page().minVsBaseline + "x): " + verdict(vsBaseline >= r.page().minVsBaseline));
          }
          double vsRedisson = configuration.onJetty() ? Double.NaN : ratio(r, redisson);
          if (!Double.isNaN(vsRedisson)) {
            lines.add(handoff + ", " + r.page().id + ", " + r.pattern().id + ": throughput " + ratioText(vsRedisson)
                + " of Redisson's manager (>= " + MIN_VS_REDISSON + "x): " + verdict(vsRedisson >= MIN_VS_REDISSON));
          }
        }
        double trips = r.roundTripsPerRequest();
        if (Double.isNaN(trips)) {
          continue;
        }
        int budget = configuration.nodes == 1 ? r.page().roundTripBudget
            : r.page().roundTripBudgetNonSticky;
        lines.add(handoff + ", " + r.page().id + ", " + r.pattern().id + ": " + fmt("%.2f", trips) + " round trips per request (<= "
            + budget + "): " + verdict(trips <= budget + ROUND_TRIP_SLACK));
      }
    }
    return lines;
  }

  private List<LoadPattern> patterns() {
    return results.stream().map(LoadResult::pattern).distinct().toList();
  }

  private List<LoadPage> pages() {
    Map<LoadPage, Boolean> pages = new LinkedHashMap<>();
    results.forEach(r -> pages.put(r.page(), true));
    return new ArrayList<>(pages.keySet());
  }

  private static String label(String configuration) {
    try {
      return LoadConfiguration.byId(configuration).label;
    } catch (IllegalArgumentException e) {
      return configuration;
    }
  }

  private static String verdict(boolean met) {
    return met ? "met" : "NOT met";
  }

  static String ratioText(double ratio) {
    if (Double.isNaN(ratio)) {
      return "n/a";
    }
    return ratio >= 10 ? fmt("%.0fx", ratio) : ratio >= 0.1 ? fmt("%.2fx", ratio) : fmt("%.3fx", ratio);
  }

  private static String fmt(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }
}
