package dev.handoff.benchmarks;

import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.testkit.MemcachedServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@code backupCopies} costs on Memcached ({@code bin/bench-backup-copies}): the store on two
 * real memcached servers, sealed, each of several threads saving its own sessions one change after
 * another, with copies off and on, in alternating rounds of one run. Saves per second, save
 * latency, the store's CPU per save (its workers' included) and memcached's commands and memory
 * per session, both servers counted; the ratio on/off of each round.
 */
final class BackupCopiesBenchmark {

  private record Round(boolean copies, double savesPerSecond, double p50Micros, double p99Micros, double cpuMicrosPerSave,
      double commandsPerSave, double bytesPerSession) {
  }

  private BackupCopiesBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int threads = 8;
    int sessionsPerThread = 250;
    Duration measure = Duration.ofSeconds(8);
    int rounds = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--measure" -> measure = Duration.ofSeconds(Long.parseLong(args[++i].replace("s", "")));
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; allowed: --threads N --measure SECONDS --rounds N");
      }
    }
    List<Round> results = new ArrayList<>();
    try (MemcachedServer first = MemcachedServer.start("copies-1"); MemcachedServer second = MemcachedServer.start("copies-2")) {
      List<MemcachedStats> stats = List.of(new MemcachedStats(first.host(), first.port()),
          new MemcachedStats(second.host(), second.port()));
      for (int round = 0; round < rounds; round++) {
        for (boolean copies : new boolean[] {false, true}) {
          stats.forEach(MemcachedStats::flushAll);
          Round result = round(List.of(first.uri(), second.uri()), copies, threads, sessionsPerThread, measure, stats);
          System.out.printf(Locale.ROOT, "round %d, backupCopies=%s: %.0f saves/s, p50 %.0f us, p99 %.0f us, %.0f CPU us/save,"
              + " %.2f commands/save, %.0f bytes/session%n", round + 1, copies, result.savesPerSecond(), result.p50Micros(),
              result.p99Micros(), result.cpuMicrosPerSave(), result.commandsPerSave(), result.bytesPerSession());
          results.add(result);
        }
      }
    }
    StringBuilder md = new StringBuilder("# backupCopies on Memcached\n\nRun on " + LocalDate.now() + ": `bin/bench-backup-copies "
        + String.join(" ", args) + "`; " + threads + " threads, each saving its own " + sessionsPerThread + " sessions in turn"
        + " (one attribute changed a save) for " + measure.toSeconds() + " s after a 5 s warm-up; two memcached servers on"
        + " loopback; sealed; " + Runtime.getRuntime().availableProcessors() + " CPUs.\n\n"
        + " Copies / save: the commands beyond the round without copies, two a copy (`gets`, then `cas` or `add`); below 1 when"
        + " copies of a session wait while it is saved again, and only the latest is written.\n\n"
        + "| round | backupCopies | saves/s | p50 us | p99 us | CPU us / save | commands / save | copies / save |"
        + " bytes / session | vs off |\n|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    StringBuilder csv = new StringBuilder("round,backupCopies,savesPerSecond,p50Micros,p99Micros,cpuMicrosPerSave,commandsPerSave,"
        + "bytesPerSession\n");
    for (int i = 0; i < results.size(); i++) {
      Round r = results.get(i);
      Round off = results.get(i - (i % 2));
      md.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %,.0f | %.2fx |%n", i / 2 + 1,
          r.copies() ? "on" : "off", r.savesPerSecond(), r.p50Micros(), r.p99Micros(), r.cpuMicrosPerSave(),
          r.commandsPerSave(), (r.commandsPerSave() - off.commandsPerSave()) / 2, r.bytesPerSession(),
          r.savesPerSecond() / off.savesPerSecond()));
      csv.append(String.format(Locale.ROOT, "%d,%s,%.1f,%.1f,%.1f,%.1f,%.3f,%.0f%n", i / 2 + 1, r.copies(), r.savesPerSecond(),
          r.p50Micros(), r.p99Micros(), r.cpuMicrosPerSave(), r.commandsPerSave(), r.bytesPerSession()));
    }
    ReportFiles.write(Path.of(System.getProperty("handoff.bench.dir", "benchmarks/target")), "backup-copies-benchmark",
        md.toString(), csv.toString());
  }

  private static Round round(List<String> addresses, boolean copies, int threads, int sessionsPerThread, Duration measure,
      List<MemcachedStats> stats) throws Exception {
    StoreConfig config = StoreConfig.builder().namespace("copies-" + System.nanoTime()).addresses(addresses)
        .backupCopies(copies).sessionKey(dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY).build();
    SessionStore store = SessionStore.open(config);
    long now = System.currentTimeMillis();
    List<List<String>> ids = new ArrayList<>();
    byte[] cart = new byte[400];
    for (int t = 0; t < threads; t++) {
      List<String> own = new ArrayList<>();
      for (int s = 0; s < sessionsPerThread; s++) {
        String id = "copies-" + t + "-" + s + "-" + System.nanoTime();
        store.create(new SessionRecord(id, now, now, 1800, 0, "bench", null, null, Map.of("cart", cart, "user", new byte[64])),
            SessionStore.newCreateToken());
        own.add(id);
      }
      ids.add(own);
    }
    saveFor(store, ids, Duration.ofSeconds(5)); // warm-up: the JIT compiles the whole path first
    long commandsBefore = stats.stream().mapToLong(MemcachedStats::commands).sum();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    List<long[]> latencies = saveFor(store, ids, measure);
    double seconds = (System.nanoTime() - start) / 1e9;
    store.close(); // the copies waiting are written before it returns (at most 2 s)
    long cpu = processCpuNanos() - cpuBefore;
    long commands = stats.stream().mapToLong(MemcachedStats::commands).sum() - commandsBefore;
    long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).filter(v -> v > 0).sorted().toArray();
    long bytes = stats.stream().mapToLong(s -> s.stat("bytes")).sum();
    return new Round(copies, all.length / seconds, all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3,
        cpu / 1e3 / all.length, (double) commands / all.length, (double) bytes / (threads * sessionsPerThread));
  }

  /** Each thread saves its sessions in turn for {@code duration}; the latency of each save, in nanoseconds. */
  private static List<long[]> saveFor(SessionStore store, List<List<String>> ids, Duration duration) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(ids.size());
    long end = System.nanoTime() + duration.toNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    for (List<String> own : ids) {
      futures.add(pool.submit(() -> {
        long[] taken = new long[2_000_000];
        int n = 0;
        byte[] value = new byte[400];
        while (System.nanoTime() < end && n < taken.length) {
          String id = own.get(n % own.size());
          value[n % value.length]++;
          long t0 = System.nanoTime();
          SaveResult result = store.save(id, SessionChange.builder().set("cart", value.clone()).build());
          if (result.status() != SaveResult.Status.SAVED) {
            throw new IllegalStateException("a save was " + result.status());
          }
          taken[n++] = System.nanoTime() - t0;
        }
        return java.util.Arrays.copyOf(taken, n);
      }));
    }
    List<long[]> latencies = new ArrayList<>();
    for (Future<long[]> future : futures) {
      latencies.add(future.get());
    }
    pool.shutdown();
    return latencies;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
