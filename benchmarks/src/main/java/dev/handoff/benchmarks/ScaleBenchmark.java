package dev.handoff.benchmarks;

import dev.handoff.benchmarks.session.RealisticSession;
import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.store.ExpiredSession;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RespClient;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scale benchmark (issue 8): up to a million sessions in a local 3-shard Redis Cluster,
 * written through the store's own {@code create}, then the expiry sweep (what a node's background
 * thread does: {@code claimExpired} and {@code finishExpiry} until nothing is left expired) timed
 * and counted for E expired sessions among N, to show that its cost follows E, not N. Writes
 * {@code scale-benchmark.md} and {@code .csv}. Run by {@code bin/bench-load --parts scale}.
 *
 * <p>The store runs as shipped in Handoff's Tomcat drop-in jar (Redisson relocated inside it),
 * which must be on the class path; {@code bin/bench-load} puts it there.
 */
final class ScaleBenchmark {

  static final Set<String> FLAGS = Set.of();
  static final Set<String> OPTIONS = Set.of("--scale-sessions", "--sweeps", "--scale-threads", "--sweep-batch",
      "--sweep-repeats");

  /** Expired sessions claimed per claimExpired call by the Tomcat and Jetty adapters. */
  static final int ADAPTER_SWEEP_BATCH = 200;
  private static final String NAMESPACE = "bench-scale";
  /**
   * Sweeps before the measured ones, so that the JIT has compiled the sweep's code paths: with a
   * single sweep of 1,000 the first measured row was still up to 1.7x slower than the next.
   */
  private static final int WARMUP_SWEEPS = 3;
  private static final int WARMUP_SESSIONS = 5_000;
  /** Held so that the level set on it stays: Redisson's connection lines are noise here. */
  private static final java.util.logging.Logger REDISSON_LOG =
      java.util.logging.Logger.getLogger("dev.handoff.shaded.org.redisson");

  private ScaleBenchmark() {
  }

  /** One row: sweep {@code expired} expired sessions among {@code total}. */
  record Row(long total, long expired) {
  }

  record Settings(boolean quick, long sessions, List<Row> rows, int threads, int batch, int repeats, Path out) {

    static Settings parse(String... args) {
      boolean quick = List.of(args).contains("--quick");
      long sessions = quick ? 100_000 : 1_000_000;
      String sweeps = null;
      int threads = 16;
      int batch = ADAPTER_SWEEP_BATCH;
      int repeats = 5;
      Path out = Path.of(System.getProperty("handoff.bench.dir", "benchmarks/target"));
      for (Map.Entry<String, String> option : Options.valued(args, Set.of("--quick")).entrySet()) {
        String arg = option.getKey();
        String value = option.getValue();
        switch (arg) {
          case "--scale-sessions" -> sessions = Options.positive(arg, value);
          case "--sweeps" -> sweeps = value;
          case "--scale-threads" -> threads = (int) Options.positive(arg, value);
          case "--sweep-batch" -> batch = (int) Options.positive(arg, value);
          case "--sweep-repeats" -> repeats = (int) Options.positive(arg, value);
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException(arg + ": unknown option; see bin/bench-load -h");
        }
      }
      List<Row> rows = sweeps == null ? defaultRows(sessions) : rows(sweeps);
      return new Settings(quick, sessions, rows, threads, batch, repeats, out);
    }

    /** 1,000 expired among 10,000; 1,000 and 10,000 expired among {@code sessions}. */
    static List<Row> defaultRows(long sessions) {
      List<Row> rows = new ArrayList<>();
      if (sessions > 10_000) {
        rows.add(new Row(10_000, 1_000));
      }
      rows.add(new Row(sessions, Math.min(1_000, sessions / 2)));
      rows.add(new Row(sessions, Math.min(10_000, sessions / 2)));
      return rows.stream().distinct().toList();
    }

    /** {@code N:E,N:E,...}, e.g. {@code 10000:1000,1000000:1000}. */
    static List<Row> rows(String text) {
      List<Row> rows = new ArrayList<>();
      for (String pair : text.split(",")) {
        String[] parts = pair.trim().split(":");
        if (parts.length != 2) {
          throw new IllegalArgumentException("--sweeps = " + text + ": give total:expired pairs, e.g. 10000:1000,1000000:1000");
        }
        long total = Options.positive("--sweeps (total)", parts[0].trim());
        long expired = Options.positive("--sweeps (expired)", parts[1].trim());
        if (expired > total) {
          throw new IllegalArgumentException("--sweeps = " + text + ": " + expired + " expired among " + total
              + " sessions; expired must not exceed the total");
        }
        rows.add(new Row(total, expired));
      }
      return rows;
    }
  }

  /** Runs the scale part; false when a sweep did not find exactly its expired sessions. */
  static boolean run(Settings settings, String commandLine) throws Exception {
    requireStoreOnClassPath();
    REDISSON_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<String, byte[]> attributes = encodedRealisticSession();
    List<ScaleResult> results = new ArrayList<>();
    String redisVersion;
    StoreConfig config;
    long started = System.nanoTime();
    try (RedisCluster cluster = Redis.cluster(3, 0).name("bench-scale").start();
         ClusterMeter meter = new ClusterMeter(cluster.primaries())) {
      try (RespClient admin = cluster.primaries().get(0).client()) {
        redisVersion = admin.info("server", "redis_version");
      }
      config = StoreConfig.builder().topology(StoreConfig.Topology.CLUSTER).addresses(cluster.uris())
          .namespace(NAMESPACE).nodeName(NAMESPACE).failFast(true).build();
      try (SessionStore store = SessionStore.open(config)) {
        ScaleSessions sessions = new ScaleSessions(store, attributes, settings.threads(), NAMESPACE);
        long empty = meter.snapshot().number("used_memory");
        log("warm-up: " + WARMUP_SWEEPS + " sweeps of " + WARMUP_SESSIONS + " expired sessions (not reported)");
        for (int i = 0; i < WARMUP_SWEEPS; i++) {
          sessions.createExpired(WARMUP_SESSIONS);
          sweep(store, settings.batch(), meter);
        }
        for (Row row : settings.rows()) {
          results.add(measure(row, settings, sessions, store, meter, empty));
        }
      }
    }
    boolean ok = results.stream().allMatch(r -> r.sweep().expiredFound() == r.expired() && r.allFound());
    List<String> header = new ArrayList<>();
    header.add("Run on " + LocalDate.now() + ": `" + commandLine + "`; " + String.format(java.util.Locale.ROOT,
        "%.0f s in all.", (System.nanoTime() - started) / 1e9));
    header.add("Redis " + redisVersion + " Cluster, 3 shards (primaries only) on loopback, no persistence; the store "
        + "(Handoff's drop-in jar) with its defaults (" + config.expiryBuckets() + " expiry index buckets, expiryGrace "
        + config.expiryGrace().toMinutes() + " min), namespace `" + NAMESPACE + "`.");
    header.add("Every session: the realistic session of the serialization benchmark (9 attributes, "
        + String.format(java.util.Locale.ROOT, "%,d", attributes.values().stream().mapToInt(v -> v.length).sum())
        + " attribute bytes with Handoff's default "
        + "codec), written with SessionStore.create from " + settings.threads() + " threads. Live sessions: max "
        + "inactive " + ScaleSessions.LIVE_MAX_INACTIVE_SECONDS + " s from now; expired ones: max inactive "
        + ScaleSessions.EXPIRED_MAX_INACTIVE_SECONDS + " s, last access that long and 1 s ago, written just before "
        + "their sweep.");
    header.add("Sweep: claimExpired(" + settings.batch() + ") then finishExpiry of each session won, on one thread, "
        + "until a claim returns nothing; " + WARMUP_SWEEPS + " warm-up sweeps of " + WARMUP_SESSIONS + " ran first, then "
        + settings.repeats() + " sweeps per row "
        + "(E expired sessions written anew before each), the median one by time reported. Redis figures are INFO deltas summed over "
        + "the shards (pings, cluster topology scans and the meter's own INFO left out); Redis CPU is used_cpu_user + "
        + "used_cpu_sys of the shards; JVM allocation and CPU are HotSpot's per-thread counters over every thread of "
        + "the benchmark JVM (Redisson's included). CPU time is less disturbed than wall time by other processes "
        + "on the machine. MB = 10^6 bytes.");
    header.add(Runtime.getRuntime().availableProcessors() + " CPUs; " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + ".");
    if (ScaleSessions.retries() > 0) {
      header.add(ScaleSessions.retries() + " writes (create or delete) timed out and were tried again: the machine "
          + "was busy while the sessions were written (the sweeps themselves never retry).");
    }
    if (!ok) {
      header.add("FAILED: a sweep did not find exactly its expired sessions (see below).");
    }
    ScaleReport report = new ScaleReport(results);
    String markdown = report.markdown(header);
    Path out = settings.out().toAbsolutePath();
    ReportFiles.write(out, "scale-benchmark", markdown, report.csv());
    System.out.println("Written: " + out.resolve("scale-benchmark.md") + ", .csv");
    return ok;
  }

  /** Brings the cluster to the row's sessions, weighs it, then sweeps it {@code repeats} times. */
  private static ScaleResult measure(Row row, Settings settings, ScaleSessions sessions, SessionStore store,
      ClusterMeter meter, long empty) throws InterruptedException {
    log(String.format(java.util.Locale.ROOT, "== %,d sessions, %,d of them expired", row.total(), row.expired()));
    long before = sessions.live();
    long t0 = System.nanoTime();
    sessions.liveCount(row.total() - row.expired());
    sessions.createExpired(row.expired());
    double writeSeconds = (System.nanoTime() - t0) / 1e9;
    long written = Math.abs(row.total() - row.expired() - before) + row.expired();
    System.gc();
    long used = meter.snapshot().number("used_memory");
    long[] hashes = meter.sampleMemory(":s2:", 20);
    long[] index = meter.scanMemory("handoff:" + NAMESPACE + ":x2:*", "zset");
    ScaleResult.Memory memory = new ScaleResult.Memory(used, empty, hashes[0], hashes[1], index[1], written,
        writeSeconds);
    log(String.format(java.util.Locale.ROOT, "   written: %,d sessions in %.1f s; used_memory %,.1f MB (%,.0f B/session)",
        written, writeSeconds, used / 1e6, memory.perSession(row.total())));
    List<ScaleResult.Sweep> sweeps = new ArrayList<>();
    for (int i = 0; i < settings.repeats(); i++) {
      if (i > 0) {
        sessions.createExpired(row.expired());
        System.gc();
      }
      ScaleResult.Sweep sweep = sweep(store, settings.batch(), meter);
      log(String.format(java.util.Locale.ROOT, "   sweep: %,d expired in %,.0f ms (claims %,.0f ms, finishes %,.0f ms), "
          + "%d claims, %,d commands, %,.1f MB allocated, CPU ms: JVM %,.0f, Redis %,.0f", sweep.expiredFound(),
          sweep.millis(), sweep.claimMillis(), sweep.finishMillis(), sweep.claimCalls(), sweep.commands(),
          sweep.allocatedBytes() / 1e6, sweep.jvmCpuMillis(), sweep.redisCpuMillis()));
      sweeps.add(sweep);
    }
    return new ScaleResult(row.total(), row.expired(), memory, sweeps);
  }

  /** One sweep, measured. */
  static ScaleResult.Sweep sweep(SessionStore store, int batch, ClusterMeter meter) {
    RedisInfo calibration = meter.snapshot();
    RedisInfo before = meter.snapshot();
    Map<Long, long[]> threads = ClusterMeter.threadCounters();
    long t0 = System.nanoTime();
    long claimNanos = 0;
    int claims = 0;
    long expired = 0;
    while (true) {
      long c0 = System.nanoTime();
      List<ExpiredSession> won = store.claimExpired(batch);
      claimNanos += System.nanoTime() - c0;
      claims++;
      if (won.isEmpty()) {
        break;
      }
      for (ExpiredSession session : won) {
        store.finishExpiry(session);
        expired++;
      }
    }
    long nanos = System.nanoTime() - t0;
    long[] jvm = ClusterMeter.threadCountersSince(threads);
    RedisInfo after = meter.snapshot();
    RedisInfo meterOwn = before.minus(calibration); // one snapshot's own reads and bytes
    RedisInfo delta = after.minus(before).minus(meterOwn);
    Map<String, Long> byName = new LinkedHashMap<>();
    delta.commandCalls().entrySet().stream().filter(e -> e.getValue() > 0 && !RedisInfo.isBackground(e.getKey()))
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> byName.put(e.getKey(), e.getValue()));
    return new ScaleResult.Sweep(nanos / 1e6, claimNanos / 1e6, (nanos - claimNanos) / 1e6, claims, expired,
        delta.workCommands(), byName,
        delta.number("total_reads_processed"), delta.number("total_net_input_bytes"),
        delta.number("total_net_output_bytes"), jvm[0], jvm[1] / 1e6,
        (delta.decimal("used_cpu_user") + delta.decimal("used_cpu_sys")) * 1000, before.number("used_memory"), after.number("used_memory"), delta.number("expired_keys"));
  }

  /** The realistic session's attributes, encoded as Handoff stores them with its default codec. */
  static Map<String, byte[]> encodedRealisticSession() {
    AttributeSerializer serializer = SessionCodec.DEFAULTS.serializer();
    ClassLoader loader = ScaleBenchmark.class.getClassLoader();
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    RealisticSession.attributes(RealisticSession.SEED).forEach((name, value) -> encoded.put(name,
        serializer.encode(value, loader)));
    return encoded;
  }

  private static void requireStoreOnClassPath() {
    try {
      Class.forName("dev.handoff.store.SessionStore");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the scale part needs Handoff's store on the class path: add "
          + "benchmarks/target/deploy/handoff-tomcat-dropin.jar (bin/bench-load does)");
    }
  }

  private static void log(String line) {
    System.err.println(line);
  }
}
