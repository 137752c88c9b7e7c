package dev.handoff.benchmarks;

import dev.handoff.testkit.TomcatNode;
import dev.handoff.testkit.TomcatNodeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The session managers the load benchmark compares: on the Tomcat 10.1 distribution, and on
 * embedded Jetty 12 (ee10), each container against its own in-memory baseline.
 */
enum LoadConfiguration {
  /** Tomcat's StandardManager, sessions in memory: the baseline, the physical limit for one node. */
  TOMCAT_MEMORY("tomcat-memory", "Tomcat StandardManager (in memory)", 1),
  /**
   * Handoff, every request of a user on the same node (its copy is checked, not reloaded), values
   * sealed with a sessionKey as every README snippet configures it.
   */
  HANDOFF_STICKY("handoff-sticky", "Handoff, sticky (1 node)", 1),
  /** The same without a sessionKey: values in clear, to measure what sealing costs. */
  HANDOFF_STICKY_UNSEALED("handoff-sticky-unsealed", "Handoff, sticky (1 node), no sessionKey", 1),
  /** Handoff, each user's requests alternating between two nodes, sealed. */
  HANDOFF_NON_STICKY("handoff-non-sticky", "Handoff, non-sticky (2 nodes, alternating)", 2),
  /** Handoff on Memcached (one memcached server), every request of a user on the same node, sealed. */
  HANDOFF_MEMCACHED_STICKY("handoff-memcached-sticky", "Handoff on Memcached, sticky (1 node)", 1),
  /** Handoff on Memcached, each user's requests alternating between two nodes, sealed. */
  HANDOFF_MEMCACHED_NON_STICKY("handoff-memcached-non-sticky", "Handoff on Memcached, non-sticky (2 nodes, alternating)", 2),
  /** Redisson's own Tomcat manager, its defaults (readMode REDIS, updateMode DEFAULT). */
  REDISSON("redisson", "Redisson manager (readMode=REDIS)", 1),
  /** Redisson's own Tomcat manager with a local copy of each session (readMode MEMORY). */
  REDISSON_MEMORY("redisson-memory", "Redisson manager (readMode=MEMORY)", 1),
  /** Jetty's own session handling, sessions in memory (DefaultSessionCache, no store): the Jetty baseline. */
  JETTY_MEMORY("jetty-memory", "Jetty 12 DefaultSessionCache (in memory)", 1),
  /** Handoff's Jetty adapter, every request of a user on the same node, sealed. */
  JETTY_HANDOFF_STICKY("jetty-handoff-sticky", "Handoff on Jetty 12, sticky (1 node)", 1),
  /** Handoff's Jetty adapter, each user's requests alternating between two nodes, sealed. */
  JETTY_HANDOFF_NON_STICKY("jetty-handoff-non-sticky", "Handoff on Jetty 12, non-sticky (2 nodes, alternating)", 2);

  final String id;
  final String label;
  final int nodes;

  LoadConfiguration(String id, String label, int nodes) {
    this.id = id;
    this.label = label;
    this.nodes = nodes;
  }

  /** True when its nodes keep sessions in Memcached (they are given a memcached's host and port, not Redis's). */
  boolean onMemcached() {
    return this == HANDOFF_MEMCACHED_STICKY || this == HANDOFF_MEMCACHED_NON_STICKY;
  }

  boolean onJetty() {
    return this == JETTY_MEMORY || this == JETTY_HANDOFF_STICKY || this == JETTY_HANDOFF_NON_STICKY;
  }

  /** The in-memory configuration of the same container, which this one's throughput is a ratio of. */
  LoadConfiguration baseline() {
    return onJetty() ? JETTY_MEMORY : TOMCAT_MEMORY;
  }

  /** The baseline of the configuration named {@code id}; Tomcat's for a name that is none of these. */
  static LoadConfiguration baselineOf(String id) {
    for (LoadConfiguration configuration : values()) {
      if (configuration.id.equals(id)) {
        return configuration.baseline();
      }
    }
    return TOMCAT_MEMORY;
  }

  /**
   * Starts this configuration's nodes with the test webapp under {@code /app}, talking to Redis at
   * {@code redisHost:redisPort}; stops those it started when one fails.
   */
  List<LoadNode> start(Deployables files, String redisHost, int redisPort, Path logDirectory) {
    List<LoadNode> started = new ArrayList<>();
    try {
      if (onJetty()) {
        List<String> settings = this == JETTY_MEMORY ? List.of() : List.of("address=redis://" + redisHost + ":" + redisPort,
            "sessionKey=" + dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY);
        for (int i = 1; i <= nodes; i++) {
          started.add(JettyLoadNode.start(id + "-" + i, files.war(), settings, logDirectory));
        }
      } else {
        List<TomcatNode> built = build(files, redisHost, redisPort);
        try {
          for (TomcatNode node : built) {
            started.add(LoadNode.started(node));
          }
        } catch (RuntimeException e) {
          built.forEach(TomcatNode::close); // the ones not started yet too: their bases go
          throw e;
        }
      }
      return started;
    } catch (RuntimeException e) {
      started.forEach(LoadNode::close);
      throw e;
    }
  }

  /** Where the deployed files are: the unpacked Tomcat, the WAR, the jars for lib/. */
  record Deployables(Path catalinaHome, Path war, Path handoffDropIn, Path redissonLib) {

    /**
     * What {@code mvn package} laid out under system property {@code handoff.bench.dir} (default
     * {@code benchmarks/target}).
     */
    static Deployables laidOutByTheBuild() throws IOException {
      Path dir = Path.of(System.getProperty("handoff.bench.dir", "benchmarks/target")).toAbsolutePath();
      return new Deployables(catalinaHome(dir.resolve("tomcat")), dir.resolve("deploy/test-webapp.war"),
          dir.resolve("deploy/handoff-tomcat-dropin.jar"), dir.resolve("redisson-tomcat-lib"));
    }

    private static Path catalinaHome(Path tomcatDir) throws IOException {
      if (!Files.isDirectory(tomcatDir)) {
        throw new IllegalStateException(tomcatDir + " is missing: build first "
            + "(mvn -B -pl benchmarks -am package -DskipTests, which bin/bench-load runs)");
      }
      try (Stream<Path> dirs = Files.list(tomcatDir)) {
        return dirs.filter(d -> d.getFileName().toString().startsWith("apache-tomcat-10."))
            .findFirst().orElseThrow(() -> new IllegalStateException("no apache-tomcat-10.* in " + tomcatDir));
      }
    }
  }

  /**
   * Builds (writes the bases of, does not start) this configuration's nodes with the test webapp
   * under {@code /app}, talking to Redis at {@code redisHost:redisPort}.
   */
  List<TomcatNode> build(Deployables files, String redisHost, int redisPort) {
    return build(files, files.war(), "app", "/app/nosession", redisHost, redisPort);
  }

  /**
   * Builds (writes the bases of, does not start) this configuration's nodes with {@code war}
   * under {@code /context}, ready when {@code readinessPath} answers, talking to Redis at {@code
   * redisHost:redisPort}.
   */
  List<TomcatNode> build(Deployables files, Path war, String context, String readinessPath, String redisHost,
      int redisPort) {
    if (onJetty()) {
      throw new IllegalArgumentException(id + " runs on Jetty: no Tomcat nodes to build");
    }
    List<TomcatNode> built = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      TomcatNodeBuilder builder = TomcatNode.builder(files.catalinaHome())
          .name(id + "-" + i)
          .war(war, context)
          .readinessPath(readinessPath)
          .jvmArgument("-Xms512m")
          .jvmArgument("-Xmx1g");
      switch (this) {
        case TOMCAT_MEMORY:
          break;
        case HANDOFF_MEMCACHED_STICKY:
        case HANDOFF_MEMCACHED_NON_STICKY:
          builder.manager("<Manager className=\"dev.handoff.tomcat.RedisSessionManager\" address=\"memcached://"
              + redisHost + ":" + redisPort + "\" sessionKey=\"" + dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY
              + "\"/>").libJar(files.handoffDropIn());
          break;
        case HANDOFF_STICKY:
        case HANDOFF_STICKY_UNSEALED:
        case HANDOFF_NON_STICKY:
          builder.manager("<Manager className=\"dev.handoff.tomcat.RedisSessionManager\" address=\"redis://"
              + redisHost + ":" + redisPort + "\"" + (this == HANDOFF_STICKY_UNSEALED ? ""
                  : " sessionKey=\"" + dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY + "\"") + "/>")
              .libJar(files.handoffDropIn());
          break;
        default:
          builder.manager("<Manager className=\"org.redisson.tomcat.RedissonSessionManager\""
              + " configPath=\"${catalina.base}/conf/redisson.yaml\""
              + " readMode=\"" + (this == REDISSON ? "REDIS" : "MEMORY") + "\" updateMode=\"DEFAULT\"/>");
          jars(files.redissonLib()).forEach(builder::libJar);
      }
      TomcatNode node = builder.build();
      try {
        unlimitedKeepAlive(node.base().resolve("conf/server.xml"));
        if (this == REDISSON || this == REDISSON_MEMORY) {
          Files.writeString(node.base().resolve("conf/redisson.yaml"),
              "singleServerConfig:\n  address: \"redis://" + redisHost + ":" + redisPort + "\"\n",
              StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        node.close();
        throw new UncheckedIOException("cannot write the configuration of node " + node.name(), e);
      }
      built.add(node);
    }
    return built;
  }

  /**
   * Tomcat closes a keep-alive connection after 100 requests by default; the load generator's
   * connections should stay open, as a load balancer's pooled ones do.
   */
  private static void unlimitedKeepAlive(Path serverXml) throws IOException {
    String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
    if (!xml.contains("<Connector ")) {
      throw new IOException(serverXml + " has no <Connector");
    }
    Files.writeString(serverXml,
        xml.replace("<Connector ", "<Connector maxKeepAliveRequests=\"-1\" "), StandardCharsets.UTF_8);
  }

  private static List<Path> jars(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException(dir + " holds no jar; build the benchmarks module first");
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static LoadConfiguration byId(String id) {
    for (LoadConfiguration configuration : values()) {
      if (configuration.id.equals(id)) {
        return configuration;
      }
    }
    StringBuilder ids = new StringBuilder();
    for (LoadConfiguration configuration : values()) {
      ids.append(ids.length() == 0 ? "" : ", ").append(configuration.id);
    }
    throw new IllegalArgumentException("configuration = " + id + ": unknown; allowed: " + ids);
  }
}
