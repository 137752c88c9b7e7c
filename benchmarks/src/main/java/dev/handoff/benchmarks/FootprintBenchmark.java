package dev.handoff.benchmarks;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The footprint benchmark (issue 8): the realistic session of the serialization benchmark stored
 * by each session manager on a real Tomcat 10.1 (Handoff; Redisson's Tomcat manager), through the
 * servlet API of {@link FootprintWebapp}; then every key in Redis weighed with {@code MEMORY
 * USAGE}, and the Redis traffic of creating, reading and updating such a session counted by the
 * proxy the nodes talk through. Writes {@code footprint-benchmark.md} and {@code .csv}.
 */
final class FootprintBenchmark {

  static final Set<String> FLAGS = Set.of();
  static final Set<String> OPTIONS = Set.of("--footprint-sessions", "--footprint-configurations");

  private static final int WORKERS = 4;
  private static final long IDLE_WINDOW_MS = 2_000;

  private FootprintBenchmark() {
  }

  record Settings(boolean quick, int sessions, List<LoadConfiguration> configurations, Path out) {

    static Settings parse(String... args) {
      boolean quick = List.of(args).contains("--quick");
      // 3,000 sessions put more than 128 entries in each of Handoff's 16 index buckets, so that they
      // take the sorted-set encoding of a production keyspace, not the compact one of a small set.
      int sessions = quick ? 300 : 3_000;
      List<LoadConfiguration> configurations = List.of(LoadConfiguration.HANDOFF_STICKY,
          LoadConfiguration.HANDOFF_NON_STICKY, LoadConfiguration.REDISSON, LoadConfiguration.REDISSON_MEMORY);
      Path out = Path.of(System.getProperty("handoff.bench.dir", "benchmarks/target"));
      for (Map.Entry<String, String> option : Options.valued(args, Set.of("--quick")).entrySet()) {
        String arg = option.getKey();
        String value = option.getValue();
        switch (arg) {
          case "--footprint-sessions" -> sessions = (int) Options.positive(arg, value);
          case "--footprint-configurations" -> configurations = Stream.of(value.split(",")).map(String::trim)
              .map(LoadConfiguration::byId).toList();
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException(arg + ": unknown option; see bin/bench-load -h");
        }
      }
      if (configurations.contains(LoadConfiguration.TOMCAT_MEMORY)) {
        throw new IllegalArgumentException("--footprint-configurations: tomcat-memory keeps nothing in Redis; "
            + "allowed: handoff-sticky, handoff-non-sticky, redisson, redisson-memory");
      }
      return new Settings(quick, sessions, configurations, out);
    }
  }

  /** Runs the footprint part; false when a configuration failed or a request went wrong. */
  static boolean run(Settings settings, String commandLine) throws Exception {
    LoadConfiguration.Deployables files = LoadConfiguration.Deployables.laidOutByTheBuild();
    Path out = settings.out().toAbsolutePath();
    Path war = FootprintWebapp.write(out.resolve("footprint-webapp.war"));
    List<FootprintResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    String redisVersion;
    try (StandaloneRedis redis = Redis.standalone().name("bench-footprint").start();
         FaultProxy proxy = FaultProxy.inFrontOf(redis.node());
         RespClient admin = redis.client()) {
      redisVersion = admin.info("server", "redis_version");
      for (LoadConfiguration configuration : settings.configurations()) {
        admin.call("FLUSHALL");
        log("== " + configuration.label);
        List<TomcatNode> nodes = configuration.build(files, war, FootprintWebapp.CONTEXT,
            "/" + FootprintWebapp.CONTEXT + "/ready.jsp", proxy.host(), proxy.port());
        try {
          for (TomcatNode node : nodes) {
            node.start();
          }
          FootprintResult result = measure(configuration, settings.sessions(), nodes, proxy, admin);
          results.add(result);
          log(String.format(java.util.Locale.ROOT, "   %.2f keys and %,.0f bytes (MEMORY USAGE) per session", 
              result.keysPerSession(), result.bytesPerSession()));
          for (FootprintResult.Phase phase : result.phases()) {
            FootprintResult.Traffic t = phase.traffic();
            log(String.format(java.util.Locale.ROOT, "   %-7s %5.2f round trips %,7.0f bytes to Redis %,7.0f from Redis"
                + " per request, errors %d", phase.page(), t.perRequest(t.roundTrips()),
                t.perRequest(t.bytesToRedis()), t.perRequest(t.bytesFromRedis()), phase.errors()));
            if (phase.errors() > 0) {
              failures.add(configuration.id + ", " + phase.page() + ": " + phase.errors() + " errors");
            }
          }
        } catch (RuntimeException | java.io.IOException e) {
          failures.add(configuration.id + ": " + e.getMessage());
          log("!! " + configuration.id + " failed: " + e);
          nodes.forEach(node -> log(node.logTail()));
        } finally {
          nodes.forEach(TomcatNode::close);
        }
      }
    }
    List<String> header = new ArrayList<>();
    header.add("Run on " + LocalDate.now() + ": `" + commandLine + "`; "
        + String.format(java.util.Locale.ROOT, "%,d", settings.sessions())
        + " sessions per configuration, each the realistic session of the serialization benchmark (9 attributes: "
        + "a user profile, a cart of 20 items, a CSRF token, ...) set through the servlet API by a JSP.");
    header.add("Tomcat " + files.catalinaHome().getFileName().toString().replace("apache-tomcat-", "")
        + " distribution, one process per node, each session manager with its defaults (Redisson's manager: "
        + "its default codec, updateMode DEFAULT); Redis " + redisVersion + " on loopback, flushed between "
        + "configurations; the nodes talk to it through the testkit's counting proxy.");
    header.add("Memory: every key in Redis after the sessions were created (SCAN), `MEMORY USAGE key SAMPLES 0` "
        + "(exact), summed and divided by the sessions, keys shared by all sessions (Handoff's expiry index) "
        + "included; `used_memory` growth (less the clients' buffers, `mem_clients_normal`) also counts Redis's keyspace "
        + "and expiry tables.");
    header.add("Pages: create = a new session with every attribute set; read = every attribute read "
        + "(getAttribute) and compared with the original; update = visitCount + 1. Two nodes: create on the "
        + "first, read on the second, update on the first. " + WORKERS + " requests at a time.");
    failures.forEach(f -> header.add("FAILED: " + f));
    FootprintReport report = new FootprintReport(results);
    String markdown = report.markdown(header);
    ReportFiles.write(out, "footprint-benchmark", markdown, report.csv());
    System.out.println("Written: " + out.resolve("footprint-benchmark.md") + ", .csv");
    return failures.isEmpty();
  }

  private static FootprintResult measure(LoadConfiguration configuration, int sessions, List<TomcatNode> nodes,
      FaultProxy proxy, RespClient admin) throws Exception {
    Meter meter = new Meter(proxy, admin);
    FootprintResult.Traffic idle0 = meter.now(0);
    Thread.sleep(IDLE_WINDOW_MS);
    FootprintResult.Traffic background = meter.since(idle0, IDLE_WINDOW_MS / 1000);
    long used0 = usedMemoryWithoutClients(admin);
    FootprintPages pages = new FootprintPages(nodes, WORKERS);
    List<FootprintResult.Phase> phases = new ArrayList<>();
    FootprintResult.Traffic start = meter.now(0);
    List<String> ids = pages.create(sessions);
    phases.add(new FootprintResult.Phase("create", meter.since(start, sessions), sessions - ids.size()));
    long used1 = usedMemoryWithoutClients(admin);
    List<FootprintResult.KeyGroup> keys = weighKeys(admin);
    start = meter.now(0);
    long readErrors = pages.read(ids);
    phases.add(new FootprintResult.Phase("read", meter.since(start, ids.size()), readErrors));
    start = meter.now(0);
    long updateErrors = pages.update(ids);
    phases.add(new FootprintResult.Phase("update", meter.since(start, ids.size()), updateErrors));
    if (pages.firstError() != null) {
      log("   first wrong answer: " + pages.firstError());
    }
    return new FootprintResult(configuration.id, ids.size(), keys, used1 - used0, phases, background);
  }

  /**
   * {@code used_memory} less the clients' buffers ({@code mem_clients_normal}), which move with the
   * number of connections the nodes open, not with the sessions.
   */
  static long usedMemoryWithoutClients(RespClient admin) {
    RedisInfo memory = RedisInfo.parse(admin.string("INFO", "memory"));
    return memory.number("used_memory") - memory.number("mem_clients_normal");
  }

  /** Every key in Redis, by shape and type: how many and their exact memory. */
  static List<FootprintResult.KeyGroup> weighKeys(RespClient admin) {
    Map<String, long[]> groups = new LinkedHashMap<>();
    String cursor = "0";
    do {
      List<?> reply = (List<?>) admin.call("SCAN", cursor, "COUNT", "1000");
      cursor = (String) reply.get(0);
      for (Object key : (List<?>) reply.get(1)) {
        String name = (String) key;
        String group = FootprintResult.shape(name) + "\u0000" + admin.string("TYPE", name);
        long[] counts = groups.computeIfAbsent(group, g -> new long[2]);
        counts[0]++;
        counts[1] += admin.integer("MEMORY", "USAGE", name, "SAMPLES", "0");
      }
    } while (!cursor.equals("0"));
    return groups.entrySet().stream().map(e -> {
      String[] shapeAndType = e.getKey().split("\u0000");
      return new FootprintResult.KeyGroup(shapeAndType[0], shapeAndType[1], e.getValue()[0], e.getValue()[1]);
    }).sorted(Comparator.comparingLong(FootprintResult.KeyGroup::bytes).reversed()).toList();
  }

  /** The proxy's counters and Redis's command count, read together. */
  private record Meter(FaultProxy proxy, RespClient admin) {

    FootprintResult.Traffic now(long requests) {
      return new FootprintResult.Traffic(requests, proxy.roundTrips(),
          LoadReport.commandCalls(admin.string("INFO", "commandstats")), proxy.bytesToServer(), proxy.bytesToClient());
    }

    /** What happened since {@code start}, over {@code requests} requests (or seconds). */
    FootprintResult.Traffic since(FootprintResult.Traffic start, long requests) {
      FootprintResult.Traffic end = now(requests);
      return new FootprintResult.Traffic(requests, end.roundTrips() - start.roundTrips(),
          end.commands() - start.commands(), end.bytesToRedis() - start.bytesToRedis(),
          end.bytesFromRedis() - start.bytesFromRedis());
    }
  }

  private static void log(String line) {
    System.err.println(line);
  }
}
