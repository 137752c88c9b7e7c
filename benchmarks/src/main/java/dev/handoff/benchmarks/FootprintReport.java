package dev.handoff.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The footprint benchmark's results as Markdown (memory per session, bytes on the wire per
 * request, Handoff over Redisson's manager) and CSV. Pure functions of the results.
 */
final class FootprintReport {

  /** The pages, in the order they are requested. */
  static final List<String> PAGES = List.of("create", "read", "update");

  private static final String HANDOFF = LoadConfiguration.HANDOFF_STICKY.id;

  private final List<FootprintResult> results;

  FootprintReport(List<FootprintResult> results) {
    this.results = List.copyOf(results);
  }

  String markdown(List<String> header) {
    StringBuilder md = new StringBuilder();
    header.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append("\n**Redis memory per session**\n\n")
        .append("| configuration | sessions | keys / session | MEMORY USAGE / session | used_memory growth / session "
            + "| keys (shape: type, count, bytes each) |\n")
        .append("|---|--:|--:|--:|--:|---|\n");
    for (FootprintResult r : results) {
      StringBuilder keys = new StringBuilder();
      for (FootprintResult.KeyGroup group : r.keys()) {
        keys.append(keys.length() == 0 ? "" : "; ").append('`').append(group.shape()).append("`: ")
            .append(group.type()).append(", ").append(fmt("%,d", group.keys())).append(", ")
            .append(fmt("%,.0f", group.bytes() / (double) group.keys())).append(" B");
      }
      md.append("| ").append(label(r.configuration())).append(" | ").append(fmt("%,d", r.sessions()))
          .append(" | ").append(fmt("%.2f", r.keysPerSession())).append(" | ")
          .append(fmt("%,.0f", r.bytesPerSession())).append(" B | ").append(fmt("%,.0f", r.usedMemoryPerSession()))
          .append(" B | ").append(keys).append(" |\n");
    }
    md.append("\n**Redis traffic per request** (through the counting proxy; one request per session and page)\n\n")
        .append("| configuration | page | round trips | Redis commands | bytes to Redis | bytes from Redis "
            + "| bytes, both ways | errors |\n")
        .append("|---|---|--:|--:|--:|--:|--:|--:|\n");
    for (FootprintResult r : results) {
      for (FootprintResult.Phase p : r.phases()) {
        FootprintResult.Traffic t = p.traffic();
        md.append("| ").append(label(r.configuration())).append(" | ").append(p.page()).append(" | ")
            .append(fmt("%.2f", t.perRequest(t.roundTrips()))).append(" | ")
            .append(fmt("%.1f", t.perRequest(t.commands()))).append(" | ")
            .append(fmt("%,.0f", t.perRequest(t.bytesToRedis()))).append(" | ")
            .append(fmt("%,.0f", t.perRequest(t.bytesFromRedis()))).append(" | ")
            .append(fmt("%,.0f", t.bytesPerRequest())).append(" | ").append(p.errors()).append(" |\n");
      }
    }
    md.append("\nBackground traffic (an idle window before the requests, per second): ");
    List<String> background = new ArrayList<>();
    for (FootprintResult r : results) {
      FootprintResult.Traffic b = r.background();
      background.add(r.configuration() + " " + fmt("%.1f", b.perRequest(b.roundTrips())) + " round trips, "
          + fmt("%,.0f", b.perRequest(b.bytesToRedis() + b.bytesFromRedis())) + " bytes");
    }
    md.append(String.join("; ", background)).append(".\n");
    List<String> ratios = ratios();
    if (!ratios.isEmpty()) {
      md.append("\n**Handoff / Redisson** (lower is better for Handoff)\n\n")
          .append("| measure | Handoff, sticky | Redisson manager | Handoff / Redisson |\n|---|--:|--:|--:|\n");
      ratios.forEach(line -> md.append(line).append('\n'));
    }
    return md.toString();
  }

  /**
   * Table rows comparing Handoff sticky with each Redisson configuration measured: memory per
   * session and bytes per request on each page.
   */
  List<String> ratios() {
    List<String> rows = new ArrayList<>();
    Optional<FootprintResult> handoff = find(HANDOFF);
    if (handoff.isEmpty()) {
      return rows;
    }
    for (LoadConfiguration redissonConfiguration : List.of(LoadConfiguration.REDISSON, LoadConfiguration.REDISSON_MEMORY)) {
      Optional<FootprintResult> redisson = find(redissonConfiguration.id);
      if (redisson.isEmpty()) {
        continue;
      }
      String against = " vs " + redissonConfiguration.label;
      rows.add(row("MEMORY USAGE / session" + against, handoff.get().bytesPerSession(),
          redisson.get().bytesPerSession(), "B"));
      rows.add(row("used_memory growth / session" + against, handoff.get().usedMemoryPerSession(),
          redisson.get().usedMemoryPerSession(), "B"));
      for (String page : PAGES) {
        FootprintResult.Phase h = handoff.get().phase(page);
        FootprintResult.Phase o = redisson.get().phase(page);
        if (h != null && o != null) {
          rows.add(row(page + ": bytes / request, both ways" + against, h.traffic().bytesPerRequest(),
              o.traffic().bytesPerRequest(), "B"));
          rows.add(row(page + ": round trips / request" + against, h.traffic().perRequest(h.traffic().roundTrips()),
              o.traffic().perRequest(o.traffic().roundTrips()), ""));
        }
      }
    }
    return rows;
  }

  String csv() {
    StringBuilder csv = new StringBuilder("configuration,sessions,keys_per_session,memory_usage_per_session,"
        + "used_memory_growth_per_session,page,requests,round_trips_per_request,commands_per_request,"
        + "bytes_to_redis_per_request,bytes_from_redis_per_request,errors\n");
    for (FootprintResult r : results) {
      for (FootprintResult.Phase p : r.phases()) {
        FootprintResult.Traffic t = p.traffic();
        csv.append(r.configuration()).append(',').append(r.sessions()).append(',')
            .append(fmt("%.3f", r.keysPerSession())).append(',').append(fmt("%.1f", r.bytesPerSession())).append(',')
            .append(fmt("%.1f", r.usedMemoryPerSession())).append(',').append(p.page()).append(',')
            .append(t.requests()).append(',').append(fmt("%.3f", t.perRequest(t.roundTrips()))).append(',')
            .append(fmt("%.2f", t.perRequest(t.commands()))).append(',')
            .append(fmt("%.1f", t.perRequest(t.bytesToRedis()))).append(',')
            .append(fmt("%.1f", t.perRequest(t.bytesFromRedis()))).append(',').append(p.errors()).append('\n');
      }
    }
    return csv.toString();
  }

  private Optional<FootprintResult> find(String configuration) {
    return results.stream().filter(r -> r.configuration().equals(configuration)).findFirst();
  }

  private static String row(String measure, double handoff, double redisson, String unit) {
    String suffix = unit.isEmpty() ? "" : " " + unit;
    String h = unit.isEmpty() ? fmt("%.2f", handoff) : fmt("%,.0f", handoff) + suffix;
    String o = unit.isEmpty() ? fmt("%.2f", redisson) : fmt("%,.0f", redisson) + suffix;
    return "| " + measure + " | " + h + " | " + o + " | " + (redisson > 0 ? fmt("%.2f", handoff / redisson) : "n/a") + " |";
  }

  private static String label(String configuration) {
    try {
      return LoadConfiguration.byId(configuration).label;
    } catch (IllegalArgumentException e) {
      return configuration;
    }
  }

  private static String fmt(String format, Object value) {
    return String.format(Locale.ROOT, format, value);
  }
}
