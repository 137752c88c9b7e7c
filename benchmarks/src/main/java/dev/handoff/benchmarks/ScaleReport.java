package dev.handoff.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The scale benchmark's results as Markdown (the sweep table, how each cost grew between rows
 * that share the number of expired or of all sessions, the memory table) and CSV. Pure
 * functions of the results, so unit-testable.
 */
final class ScaleReport {

  private final List<ScaleResult> results;

  ScaleReport(List<ScaleResult> results) {
    this.results = List.copyOf(results);
  }

  String markdown(List<String> header) {
    StringBuilder md = new StringBuilder();
    header.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append("\n**Expiry sweep**: `claimExpired(batch)` and `finishExpiry` of every session won, until a claim "
        + "returns nothing\n\n")
        .append("| sessions in Redis | expired | sweep ms, median (range) | in claims / finishes ms | CPU ms: JVM / Redis "
            + "| claim calls | Redis commands | commands / expired | read events | bytes to / from Redis "
            + "| JVM allocated MB | allocated / expired KB | used_memory before -> after MB |\n")
        .append("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (ScaleResult r : results) {
      ScaleResult.Sweep s = r.sweep();
      double[] range = r.millisRange();
      md.append("| ").append(fmt("%,d", r.total())).append(" | ").append(fmt("%,d", r.expired()))
          .append(" | ").append(fmt("%,.0f", s.millis()))
          .append(r.sweeps().size() > 1 ? " (" + fmt("%,.0f", range[0]) + "-" + fmt("%,.0f", range[1]) + ")" : "")
          .append(" | ").append(fmt("%,.0f", s.claimMillis())).append(" / ").append(fmt("%,.0f", s.finishMillis()))
          .append(" | ").append(fmt("%,.0f", s.jvmCpuMillis())).append(" / ").append(fmt("%,.0f", s.redisCpuMillis()))
          .append(" | ").append(s.claimCalls())
          .append(" | ").append(fmt("%,d", s.commands())).append(" | ").append(fmt("%.1f", per(s.commands(), r.expired())))
          .append(" | ").append(fmt("%,d", s.readEvents()))
          .append(" | ").append(mib(s.bytesToRedis())).append(" / ").append(mib(s.bytesFromRedis())).append(" MB")
          .append(" | ").append(fmt("%,.1f", s.allocatedBytes() / 1e6))
          .append(" | ").append(fmt("%.1f", per(s.allocatedBytes(), r.expired()) / 1e3))
          .append(" | ").append(fmt("%,.1f", s.usedMemoryBefore() / 1e6)).append(" -> ")
          .append(fmt("%,.1f", s.usedMemoryAfter() / 1e6)).append(" |\n");
    }
    md.append('\n');
    List<String> growth = growth();
    if (!growth.isEmpty()) {
      md.append("Growth between rows (the cost should follow the expired sessions, not all sessions):\n\n");
      growth.forEach(line -> md.append("- ").append(line).append('\n'));
      md.append('\n');
    }
    md.append("Commands of each row's median sweep (commandstats, summed over the shards):\n\n");
    for (ScaleResult r : results) {
      md.append("- ").append(fmt("%,d", r.expired())).append(" of ").append(fmt("%,d", r.total())).append(": ")
          .append(r.sweep().commandsByName().entrySet().stream().map(e -> e.getKey() + " " + fmt("%,d", e.getValue()))
              .collect(Collectors.joining(", ")));
      for (ScaleResult.Sweep sweep : r.sweeps()) {
        if (sweep.expiredFound() != r.expired()) {
          md.append(" (a sweep FOUND ").append(fmt("%,d", sweep.expiredFound())).append(" expired sessions, not ")
              .append(fmt("%,d", r.expired())).append(')');
        }
        if (sweep.expiredByTtl() != 0) {
          md.append(" (Redis expired ").append(sweep.expiredByTtl()).append(" keys by TTL during a sweep)");
        }
      }
      md.append('\n');
    }
    md.append("\n**Redis memory** (every session the realistic session of the serialization benchmark)\n\n")
        .append("| sessions in Redis | used_memory, all shards MB | used_memory growth / session | session hash "
            + "(MEMORY USAGE, mean) | expiry index / session | sessions created or deleted / s |\n")
        .append("|--:|--:|--:|--:|--:|--:|\n");
    for (ScaleResult r : results) {
      ScaleResult.Memory m = r.memory();
      md.append("| ").append(fmt("%,d", r.total())).append(" | ").append(fmt("%,.1f", m.usedMemory() / 1e6))
          .append(" | ").append(fmt("%,.0f", m.perSession(r.total()))).append(" B | ")
          .append(fmt("%,.0f", m.hashMean())).append(" B (").append(m.hashKeys()).append(" sampled) | ")
          .append(fmt("%.1f", per(m.indexBytes(), r.total()))).append(" B | ")
          .append(m.writeSeconds() <= 0 ? "-" : fmt("%,.0f", Math.abs(m.written()) / m.writeSeconds()))
          .append(" |\n");
    }
    return md.toString();
  }

  /** One line per sweep run (every repeat), the median one marked. */
  String csv() {
    StringBuilder csv = new StringBuilder("sessions,expired,repeat,median,sweep_ms,claim_ms,finish_ms,jvm_cpu_ms,"
        + "redis_cpu_ms,claim_calls,"
        + "redis_commands,read_events,bytes_to_redis,bytes_from_redis,jvm_allocated_bytes,used_memory_before,"
        + "used_memory_after,expired_found,expired_by_ttl,used_memory_with_all,used_memory_empty,hash_sampled,"
        + "hash_bytes_sampled,index_bytes\n");
    for (ScaleResult r : results) {
      ScaleResult.Memory m = r.memory();
      for (int i = 0; i < r.sweeps().size(); i++) {
        ScaleResult.Sweep s = r.sweeps().get(i);
        csv.append(r.total()).append(',').append(r.expired()).append(',').append(i + 1).append(',')
            .append(s == r.sweep()).append(',').append(fmt("%.1f", s.millis())).append(',')
            .append(fmt("%.1f", s.claimMillis())).append(',').append(fmt("%.1f", s.finishMillis())).append(',')
            .append(fmt("%.1f", s.jvmCpuMillis())).append(',').append(fmt("%.1f", s.redisCpuMillis())).append(',')
            .append(s.claimCalls()).append(',').append(s.commands()).append(',').append(s.readEvents()).append(',')
            .append(s.bytesToRedis()).append(',').append(s.bytesFromRedis()).append(',').append(s.allocatedBytes())
            .append(',').append(s.usedMemoryBefore()).append(',').append(s.usedMemoryAfter()).append(',')
            .append(s.expiredFound()).append(',').append(s.expiredByTtl()).append(',').append(m.usedMemory())
            .append(',').append(m.usedMemoryEmpty()).append(',').append(m.hashKeys()).append(',')
            .append(m.hashBytes()).append(',').append(m.indexBytes()).append('\n');
      }
    }
    return csv.toString();
  }

  /**
   * For each pair of rows with the same number of expired sessions (or of all sessions), how
   * time, commands and JVM allocation grew from the smaller to the larger.
   */
  List<String> growth() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      for (int j = 0; j < results.size(); j++) {
        ScaleResult a = results.get(i);
        ScaleResult b = results.get(j);
        if (a.expired() == b.expired() && a.total() < b.total()) {
          lines.add("all sessions x" + ratio(b.total(), a.total()) + " (" + fmt("%,d", a.total()) + " -> "
              + fmt("%,d", b.total()) + "), " + fmt("%,d", a.expired()) + " expired: " + costs(a, b));
        } else if (a.total() == b.total() && a.expired() < b.expired()) {
          lines.add("expired sessions x" + ratio(b.expired(), a.expired()) + " (" + fmt("%,d", a.expired()) + " -> "
              + fmt("%,d", b.expired()) + "), " + fmt("%,d", a.total()) + " sessions: " + costs(a, b));
        }
      }
    }
    return lines;
  }

  private static String costs(ScaleResult from, ScaleResult to) {
    return "time x" + ratio(to.sweep().millis(), from.sweep().millis())
        + ", JVM CPU x" + ratio(to.sweep().jvmCpuMillis(), from.sweep().jvmCpuMillis())
        + ", Redis CPU x" + ratio(to.sweep().redisCpuMillis(), from.sweep().redisCpuMillis())
        + ", commands x" + ratio(to.sweep().commands(), from.sweep().commands())
        + ", read events x" + ratio(to.sweep().readEvents(), from.sweep().readEvents())
        + ", JVM allocation x" + ratio(to.sweep().allocatedBytes(), from.sweep().allocatedBytes());
  }

  static String ratio(double to, double from) {
    if (from <= 0) {
      return "n/a";
    }
    double r = to / from;
    return r >= 10 ? fmt("%.0f", r) : fmt("%.2f", r);
  }

  private static double per(double amount, long count) {
    return count == 0 ? 0 : amount / count;
  }

  private static String mib(long bytes) {
    return fmt("%,.2f", bytes / 1e6);
  }

  private static String fmt(String format, Object value) {
    return String.format(Locale.ROOT, format, value);
  }
}
