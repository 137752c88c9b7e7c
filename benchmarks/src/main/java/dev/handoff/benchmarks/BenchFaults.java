package dev.handoff.benchmarks;

import dev.handoff.testkit.FaultLoadChecker;
import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.ReplicatedRedis;
import dev.handoff.testkit.SentinelRedis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code bin/bench-faults} runs: the long fault schedules of issue 14, each under load on two
 * real Tomcat 10.1 nodes with the {@link FaultLoadChecker}, and one table of what held. Each
 * schedule runs twice: strict (syncReplicas=1, syncFailure=fail, failurePolicy=fail: a request is
 * answered 200 only when its write is in Redis and on a replica, or in Redis for standalone) and
 * with the defaults (failurePolicy=degrade: sessions served from memory, writes queued), so that
 * the table shows what the defaults trade for availability.
 */
public final class BenchFaults {

  static final Set<String> OPTIONS = Set.of("--duration", "--clients", "--out", "--schedules");

  private BenchFaults() {
  }

  /** One fault schedule: its Redis, the faults at fractions of the run, sticky or not. */
  private record Schedule(String id, String label, boolean sticky) {
  }

  private static final List<Schedule> SCHEDULES = List.of(
      new Schedule("replicated-kill", "replicated (primary + 2 replicas): primary killed (-9) at 25%, a replica promoted; the old primary rejoins at 55%", false),
      new Schedule("sentinel-kill", "Sentinel (3 sentinels, primary + 2 replicas): primary killed (-9) at 25%, the Sentinels promote a replica", false),
      new Schedule("cluster-kill", "cluster (3 shards, a replica each): a primary killed (-9) at 25%, its replica takes over; the old primary restarts at 55% and rejoins as a replica", false),
      new Schedule("aof-restart", "standalone with AOF: Redis killed (-9) at 30% and restarted from its AOF 3 s later", true),
      new Schedule("black-hole", "standalone behind a proxy: 5 s black hole at 25%, 200 ms latency for 5 s at 60%", true),
      new Schedule("app-node-killed", "standalone: app node b killed (-9) at 40%; requests to it fail from then on, every session goes on on node a", false));

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.valued(args, Set.of());
    for (String option : options.keySet()) {
      if (!OPTIONS.contains(option)) {
        System.err.println(option + ": unknown option; the options are " + OPTIONS);
        System.exit(2);
      }
    }
    Duration duration = Duration.ofSeconds(Options.positive("--duration", options.getOrDefault("--duration", "60")));
    int clients = (int) Options.positive("--clients", options.getOrDefault("--clients", "16"));
    Path out = Path.of(options.getOrDefault("--out", "benchmarks/target"));
    Set<String> chosen = Set.of(options.getOrDefault("--schedules",
        String.join(",", SCHEDULES.stream().map(Schedule::id).toList())).split(","));
    LoadConfiguration.Deployables files = LoadConfiguration.Deployables.laidOutByTheBuild();
    StringBuilder table = new StringBuilder("| schedule | settings | clients | requests/s | failed | acknowledged |"
        + " answers behind | resets | lost increments | lost sessions | faults run |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    StringBuilder csv = new StringBuilder("schedule,settings,clients,requests,seconds,failed,acknowledged,behind,resets,"
        + "lost_writes,lost_sessions\n");
    boolean failed = false;
    for (Schedule schedule : SCHEDULES) {
      if (!chosen.contains(schedule.id())) {
        continue;
      }
      for (boolean strict : new boolean[] {true, false}) {
        String settings = strict ? "strict" : "defaults";
        System.out.println("== " + schedule.id() + ", " + settings + ": " + schedule.label());
        FaultLoadChecker.Report report;
        try {
          report = run(schedule, strict, files, clients, duration);
        } catch (RuntimeException e) {
          failed = true;
          System.out.println("   failed: " + e);
          table.append("| ").append(schedule.id()).append(" | ").append(settings).append(" | failed: ")
              .append(e.getMessage()).append(" |||||||||\n");
          continue;
        }
        System.out.println("   " + report);
        double seconds = duration.toMillis() / 1000.0;
        table.append("| ").append(schedule.id()).append(" | ").append(settings).append(" | ").append(report.clients())
            .append(" | ").append(String.format("%.0f", report.requests() / seconds)).append(" | ").append(report.failed())
            .append(" | ").append(report.acknowledged()).append(" | ").append(report.behind()).append(" | ")
            .append(report.resets()).append(" | ").append(report.lostWrites()).append(" | ").append(report.lostSessions())
            .append(" | ").append(String.join("; ", report.faultsRun())).append(" |\n");
        csv.append(String.join(",", schedule.id(), settings, String.valueOf(report.clients()),
            String.valueOf(report.requests()), String.valueOf(seconds), String.valueOf(report.failed()),
            String.valueOf(report.acknowledged()), String.valueOf(report.behind()), String.valueOf(report.resets()),
            String.valueOf(report.lostWrites()), String.valueOf(report.lostSessions()))).append('\n');
      }
    }
    StringBuilder markdown = new StringBuilder("## Fault schedules under load (bin/bench-faults, " + duration.toSeconds()
        + " s each, " + clients + " clients, two Tomcat 10.1 nodes)\n\n");
    for (Schedule schedule : SCHEDULES) {
      if (chosen.contains(schedule.id())) {
        markdown.append("- `").append(schedule.id()).append("`: ").append(schedule.label())
            .append(schedule.sticky() ? " (sticky clients)" : " (each request on the next node)").append('\n');
      }
    }
    markdown.append("\nstrict: syncReplicas=1 (where there are replicas), syncFailure=fail, failurePolicy=fail;"
        + " defaults: failurePolicy=degrade, no syncReplicas. \"answers behind\": a 200 whose counter lacked an"
        + " increment acknowledged before; \"lost increments\": acknowledged increments missing from Redis after the"
        + " schedule and 5 s of settling.\n\n").append(table);
    Path written = ReportFiles.write(out, "fault-benchmark", markdown.toString(), csv.toString());
    System.out.println(markdown);
    System.out.println("written: " + written);
    System.exit(failed ? 1 : 0);
  }

  private static FaultLoadChecker.Report run(Schedule schedule, boolean strict, LoadConfiguration.Deployables files,
      int clients, Duration duration) throws Exception {
    long ms = duration.toMillis();
    switch (schedule.id()) {
      case "replicated-kill" -> {
        try (ReplicatedRedis redis = Redis.replicated(2).start()) {
          RedisNode first = redis.primary();
          return withNodes(redis, HandoffSettings.forTopology(redis), strict, true, files, nodes -> checker(nodes,
              clients, duration, schedule)
              .fault(Duration.ofMillis(ms / 4), "primary killed, replica promoted", () -> {
                first.kill();
                redis.promote(redis.replicas().stream().filter(RedisNode::isRunning).findFirst().orElseThrow());
              })
              .fault(Duration.ofMillis(ms * 55 / 100), "old primary rejoined", () -> redis.rejoin(first)));
        }
      }
      case "sentinel-kill" -> {
        try (SentinelRedis redis = Redis.sentinel(3, 2).start()) {
          return withNodes(redis, HandoffSettings.forTopology(redis), strict, true, files, nodes -> checker(nodes,
              clients, duration, schedule)
              .fault(Duration.ofMillis(ms / 4), "primary killed, Sentinels promoted a replica", () -> {
                RedisNode old = redis.primary();
                old.kill();
                redis.awaitNewPrimary(old);
              }));
        }
      }
      case "cluster-kill" -> {
        try (RedisCluster redis = Redis.cluster(3, 1).start()) {
          RedisNode victim = redis.primaries().get(0);
          RedisNode heir = redis.replicasOf(victim).get(0);
          return withNodes(redis, HandoffSettings.forTopology(redis), strict, true, files, nodes -> checker(nodes,
              clients, duration, schedule)
              .fault(Duration.ofMillis(ms / 4), "a primary killed, its replica took over", () -> {
                victim.kill();
                redis.awaitPrimary(heir);
              })
              .fault(Duration.ofMillis(ms * 55 / 100), "the old primary restarted", () -> {
                victim.start();
                redis.awaitHealthy();
              }));
        }
      }
      case "aof-restart" -> {
        try (StandaloneRedis redis = Redis.standalone().appendOnly().start()) {
          return withNodes(redis, HandoffSettings.forTopology(redis), strict, false, files, nodes -> checker(nodes,
              clients, duration, schedule)
              .fault(Duration.ofMillis(ms * 3 / 10), "Redis killed", () -> redis.node().kill())
              .fault(Duration.ofMillis(ms * 3 / 10 + 3000), "Redis restarted from its AOF", () -> redis.node().start()));
        }
      }
      case "black-hole" -> {
        try (StandaloneRedis redis = Redis.standalone().start(); FaultProxy proxy = FaultProxy.inFrontOf(redis.node())) {
          Map<String, String> attributes = new LinkedHashMap<>(HandoffSettings.forTopology(redis));
          attributes.put("address", "redis://127.0.0.1:" + proxy.port());
          return withNodes(redis, attributes, strict, false, files, nodes -> checker(nodes, clients, duration, schedule)
              .fault(Duration.ofMillis(ms / 4), "black hole", proxy::blackHole)
              .fault(Duration.ofMillis(ms / 4 + 5000), "healed", proxy::heal)
              .fault(Duration.ofMillis(ms * 6 / 10), "200 ms latency", () -> proxy.latency(Duration.ofMillis(100)))
              .fault(Duration.ofMillis(ms * 6 / 10 + 5000), "healed", proxy::heal));
        }
      }
      case "app-node-killed" -> {
        try (StandaloneRedis redis = Redis.standalone().start()) {
          return withNodes(redis, HandoffSettings.forTopology(redis), strict, false, files, nodes -> checker(nodes,
              clients, duration, schedule)
              .fault(Duration.ofMillis(ms * 4 / 10), "app node b killed", () -> nodes.get(1).kill()));
        }
      }
      default -> throw new IllegalArgumentException(schedule.id());
    }
  }

  private static FaultLoadChecker checker(List<TomcatNode> nodes, int clients, Duration duration, Schedule schedule) {
    return new FaultLoadChecker(nodes.stream().map(n -> n.baseUrl() + "/app").toList(), clients, duration,
        schedule.sticky());
  }

  private interface Load {
    FaultLoadChecker build(List<TomcatNode> nodes);
  }

  /** Two Tomcat 10.1 nodes with Handoff on {@code redis}; runs the checker {@code load} builds on them. */
  private static FaultLoadChecker.Report withNodes(RedisTopology redis, Map<String, String> topology, boolean strict,
      boolean replicas, LoadConfiguration.Deployables files, Load load) throws Exception {
    Map<String, String> attributes = new LinkedHashMap<>(topology);
    attributes.put("commandTimeout", "1s");
    if (strict) {
      if (replicas) {
        attributes.put("syncReplicas", "1");
        attributes.put("syncFailure", "fail");
      }
      attributes.put("failurePolicy", "fail");
    }
    List<TomcatNode> nodes = new ArrayList<>();
    try {
      for (String name : List.of("a", "b")) {
        TomcatNode node = TomcatNode.builder(files.catalinaHome()).name("faults-" + name)
            .war(files.war(), "app").readinessPath("/app/nosession").libJar(files.handoffDropIn())
            .manager("dev.handoff.tomcat.RedisSessionManager", attributes).jvmArgument("-Xmx512m")
            .systemProperty("handoff.node", name).build();
        nodes.add(node);
        node.start();
      }
      return load.build(nodes).run();
    } finally {
      nodes.forEach(TomcatNode::close);
    }
  }
}
