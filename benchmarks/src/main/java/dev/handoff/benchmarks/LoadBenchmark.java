package dev.handoff.benchmarks;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The load benchmark (issue 8): the test webapp's pages under load on real Tomcat 10.1 processes,
 * with Tomcat's in-memory manager (the baseline), Handoff sticky and non-sticky, and Redisson's
 * Tomcat manager (readMode REDIS and MEMORY), and on embedded Jetty 12 processes, with Jetty's
 * in-memory sessions (the Jetty baseline) and Handoff's Jetty adapter sticky and non-sticky, one
 * configuration after the other against the same
 * local Redis, every node talking to it through a proxy that counts round trips. Writes
 * {@code load-benchmark.md}, {@code .csv} and {@code .png} to the output directory and prints the
 * Markdown. Run by {@code bin/bench-load} ({@link BenchLoad}); see benchmarks/README.md.
 *
 * <p>Arguments: {@code --quick} (2 s warm-up, 4 s measurement per page), {@code --warmup 10s},
 * {@code --measure 20s}, {@code --direct} (nodes talk to Redis without the counting proxy), {@code --users 500}, {@code --connections 16}, {@code --configurations
 * tomcat-memory,handoff-sticky,...}, {@code --pages session,counter,...}, {@code --out DIR}.
 * System property {@code handoff.bench.dir} (default {@code benchmarks/target}) is where the build
 * laid out {@code tomcat/}, {@code deploy/} and {@code redisson-tomcat-lib/}.
 */
public final class LoadBenchmark {

  static final Set<String> FLAGS = Set.of("--direct");
  static final Set<String> OPTIONS = Set.of("--warmup", "--measure", "--users", "--connections", "--configurations",
      "--pages", "--patterns");

  private LoadBenchmark() {
  }

  record Settings(boolean quick, boolean direct, Duration warmup, Duration measure, int users, int connections,
      List<LoadConfiguration> configurations, List<LoadPage> pages, List<LoadPattern> patterns, Path out) {

    static Settings parse(String... args) {
      boolean quick = List.of(args).contains("--quick");
      boolean direct = List.of(args).contains("--direct");
      Duration warmup = Duration.ofSeconds(quick ? 2 : 10);
      Duration measure = Duration.ofSeconds(quick ? 4 : 20);
      int users = 500;
      int connections = 16;
      List<LoadConfiguration> configurations = List.of(LoadConfiguration.values());
      List<LoadPage> pages = List.of(LoadPage.values());
      List<LoadPattern> patterns = List.of(LoadPattern.values());
      Path out = Path.of(System.getProperty("handoff.bench.dir", "benchmarks/target"));
      for (Map.Entry<String, String> option : Options.valued(args, Set.of("--quick", "--direct")).entrySet()) {
        String arg = option.getKey();
        String value = option.getValue();
        switch (arg) {
          case "--warmup" -> warmup = seconds(arg, value);
          case "--measure" -> measure = seconds(arg, value);
          case "--users" -> users = (int) Options.positive(arg, value);
          case "--connections" -> connections = (int) Options.positive(arg, value);
          case "--configurations" -> configurations = Stream.of(value.split(","))
              .map(String::trim).map(LoadConfiguration::byId).toList();
          case "--pages" -> pages = Stream.of(value.split(",")).map(String::trim).map(LoadPage::byId).toList();
          case "--patterns" -> patterns = Stream.of(value.split(",")).map(String::trim).map(LoadPattern::byId).toList();
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException(arg + ": unknown option; see bin/bench-load -h");
        }
      }
      return new Settings(quick, direct, warmup, measure, users, connections, configurations, pages, patterns, out);
    }

    private static Duration seconds(String option, String value) {
      if (!value.matches("\\d+s")) {
        throw new IllegalArgumentException(option + " = " + value + ": give whole seconds, e.g. 10s");
      }
      return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
  }

  /** Runs the load part; false when a configuration failed. */
  static boolean run(Settings settings, String commandLine) throws Exception {
    LoadConfiguration.Deployables files = LoadConfiguration.Deployables.laidOutByTheBuild();
    Path home = files.catalinaHome();

    List<LoadResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    String redisVersion;
    boolean anyMemcached = settings.configurations().stream().anyMatch(LoadConfiguration::onMemcached);
    try (StandaloneRedis redis = Redis.standalone().name("bench").start();
         FaultProxy proxy = FaultProxy.inFrontOf(redis.node());
         RespClient admin = redis.client();
         dev.handoff.testkit.MemcachedServer memcached = anyMemcached ? dev.handoff.testkit.MemcachedServer.start("bench") : null;
         FaultProxy memcachedProxy = anyMemcached ? FaultProxy.to(memcached.host(), memcached.port()) : null) {
      redisVersion = admin.info("server", "redis_version");
      java.util.function.LongSupplier commands = () -> LoadReport.commandCalls(admin.string("INFO", "commandstats"));
      Server onRedis = new Server(redis.node().host(), redis.node().port(), proxy, meter(commands, null),
          meter(commands, proxy), () -> admin.call("FLUSHALL"));
      Server onMemcached = anyMemcached ? memcachedServer(memcached, memcachedProxy) : null;
      for (LoadConfiguration configuration : settings.configurations()) {
        log("== " + configuration.label);
        Server server = configuration.onMemcached() ? onMemcached : onRedis;
        // Throughput and latency with the nodes talking to the server directly: the counting proxy is a
        // Java relay on the same CPUs, and would charge its own cost to the configurations using it.
        List<LoadResult> measured = pass(configuration, files, server.host(), server.port(), settings,
            settings.warmup(), settings.measure(), server.direct(), server.flush(), failures);
        if (!settings.direct() && measured.size() == settings.pages().size() * settings.patterns().size()) {
          log("   (round trips and bytes: a " + COUNTING_MEASURE.toSeconds() + " s pass per page through the counting proxy)");
          List<LoadResult> counted = pass(configuration, files, server.proxy().host(), server.proxy().port(), settings,
              COUNTING_WARMUP, COUNTING_MEASURE, server.counting(), server.flush(), failures);
          if (counted.size() == measured.size()) {
            for (int i = 0; i < measured.size(); i++) {
              measured.set(i, measured.get(i).withTrafficOf(counted.get(i)));
            }
          }
        }
        measured.forEach(result -> log(String.format(java.util.Locale.ROOT,
            "   %-20s %-11s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %5.1f cmds/req  %5.2f trips/req  errors %d lost %d",
            result.page().id, result.pattern().id, result.requestsPerSecond(), result.p50Millis(), result.p99Millis(),
            result.commandsPerRequest(), result.roundTripsPerRequest(), result.errors(), result.lostSessions())));
        results.addAll(measured);
      }
    }

    List<String> header = new ArrayList<>();
    header.add("Run on " + LocalDate.now() + ": `" + commandLine + "`"
        + "; per configuration: every page warmed up " + settings.warmup().toSeconds() + " s, then per page "
        + settings.warmup().toSeconds() + " s warm-up, "
        + settings.measure().toSeconds() + " s measurement.");
    header.add(settings.users() + " users (sessions created before measuring, one cookie each), "
        + settings.connections() + " concurrent keep-alive connections (one per worker and node), "
        + "load patterns: " + settings.patterns().stream().map(p -> p.id + " (" + p.description + ")")
        .collect(java.util.stream.Collectors.joining(", ")) + ".");
    header.add("Tomcat " + home.getFileName().toString().replace("apache-tomcat-", "")
        + " distribution and embedded Jetty 12 (ee10, the demo's Jetty node), one process per node"
        + " (-Xms512m -Xmx1g); each container's rows are ratios of its own in-memory row; Redis " + redisVersion
        + " on loopback; nodes talk to Redis directly while throughput and latency are measured"
        + (settings.direct() ? " (--direct: round trips and bytes not counted)."
            : "; round trips and bytes come from a second, " + COUNTING_MEASURE.toSeconds() + " s pass per page with"
            + " fresh nodes talking through the testkit's counting proxy (a Java TCP relay)."));
    header.add(Runtime.getRuntime().availableProcessors() + " CPUs; load generator JVM: "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ".");
    failures.forEach(f -> header.add("FAILED: " + f));
    LoadReport report = new LoadReport(results);
    String markdown = report.markdown(header);
    Path out = settings.out().toAbsolutePath();
    ReportFiles.write(out, "load-benchmark", markdown, report.csv());
    LoadPattern charted = settings.patterns().get(0); // one pattern a chart: the tables have them all
    LoadChart.write(results.stream().filter(r -> r.pattern() == charted).toList(), "Handoff load benchmark ("
        + (settings.quick() ? "quick" : "full") + ", " + charted.id + ")",
        out.resolve("load-benchmark.png"));
    System.out.println("Written: " + out.resolve("load-benchmark.md") + ", .csv, .png");
    return failures.isEmpty();
  }

  /** Warm-up and measurement of the pass that counts round trips and bytes (not throughput). */
  static final Duration COUNTING_WARMUP = Duration.ofSeconds(1);
  static final Duration COUNTING_MEASURE = Duration.ofSeconds(3);

  /** Where a configuration keeps its sessions: the server, its counting proxy, its meters, how to empty it. */
  private record Server(String host, int port, FaultProxy proxy, LoadDriver.RedisMeter direct,
      LoadDriver.RedisMeter counting, Runnable flush) {
  }

  /** The Memcached rows' server: commands from memcached's own counters, round trips and bytes from its proxy. */
  private static Server memcachedServer(dev.handoff.testkit.MemcachedServer memcached, FaultProxy proxy) {
    MemcachedStats stats = new MemcachedStats(memcached.host(), memcached.port());
    return new Server(memcached.host(), memcached.port(), proxy, meter(stats::commands, null), meter(stats::commands, proxy),
        stats::flushAll);
  }

  /** Commands from {@code commands}; round trips and bytes from {@code proxy}, or -1 without one. */
  private static LoadDriver.RedisMeter meter(java.util.function.LongSupplier commands, FaultProxy proxy) {
    return new LoadDriver.RedisMeter() {
      @Override
      public long commands() {
        return commands.getAsLong();
      }

      @Override
      public long roundTrips() {
        return proxy == null ? -1 : proxy.roundTrips();
      }

      @Override
      public long bytesToRedis() {
        return proxy == null ? -1 : proxy.bytesToServer();
      }

      @Override
      public long bytesFromRedis() {
        return proxy == null ? -1 : proxy.bytesToClient();
      }
    };
  }

  /**
   * One configuration's nodes started against {@code host:port} (Redis, or the counting proxy),
   * every page run in turn, the nodes stopped; an empty list (and a failure noted) when it failed.
   */
  private static List<LoadResult> pass(LoadConfiguration configuration, LoadConfiguration.Deployables files,
      String host, int port, Settings settings, Duration warmup, Duration measure, LoadDriver.RedisMeter meter,
      Runnable flush, List<String> failures) throws InterruptedException {
    flush.run();
    List<LoadNode> nodes = List.of();
    List<LoadResult> results = new ArrayList<>();
    try {
      nodes = configuration.start(files, host, port, Path.of(System.getProperty("handoff.bench.dir", "benchmarks/target"))
          .resolve("jetty-nodes"));
      List<LoadNode> started = nodes;
      LoadDriver driver = new LoadDriver(nodes.stream().map(LoadNode::baseUrl).toList(), settings.connections());
      java.util.function.LongSupplier cpu = () -> started.stream().mapToLong(node -> node.cpuTime().toNanos()).sum();
      List<LoadDriver.User> users = driver.createUsers(settings.users());
      if (warmup.compareTo(COUNTING_WARMUP) > 0) {
        // Every page once before any is measured: the JIT then compiles the whole request path
        // (a session store's code too) before the first page's measurement, not during it.
        for (LoadPage page : settings.pages()) {
          driver.run(configuration.id, page, LoadPattern.SEQUENTIAL, users, warmup, Duration.ofSeconds(1), meter, cpu);
        }
      }
      for (LoadPattern pattern : settings.patterns()) {
        for (LoadPage page : settings.pages()) {
          results.add(driver.run(configuration.id, page, pattern, users, warmup, measure, meter, cpu));
        }
      }
      return results;
    } catch (RuntimeException | IOException e) {
      failures.add(configuration.id + ": " + e.getMessage());
      log("!! " + configuration.id + " failed: " + e);
      for (LoadNode node : nodes) {
        log(node.logTail());
      }
      return List.of();
    } finally {
      nodes.forEach(LoadNode::close);
    }
  }

  private static void log(String line) {
    System.err.println(line);
  }
}
