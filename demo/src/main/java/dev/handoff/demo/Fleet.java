package dev.handoff.demo;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.TomcatNode;
import dev.handoff.testkit.TomcatNodeBuilder;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Everything the demo runs: the Redis, a proxy in front of it that counts round trips, the
 * Tomcat nodes (official distribution, drop-in jar, test webapp as {@code /app}), the Jetty node
 * (embedded Jetty 12 with Handoff's session data store, same webapp, a process of its own) and
 * the balancer. {@link #close()} stops all of it, whatever got started.
 */
final class Fleet implements AutoCloseable {

  static final String MANAGER = "dev.handoff.tomcat.RedisSessionManager";
  static final String CONTEXT = "app";
  static final String JETTY_NODE = "jetty-c";
  static final String NAMESPACE = "demo/app";
  private static final String PASSWORD_VARIABLE = "HANDOFF_DEMO_REDIS_PASSWORD";
  /** The demo seals sessions as production should: a key of its own, handed over in the environment. */
  private static final String KEY_VARIABLE = "HANDOFF_DEMO_SESSION_KEY";
  private final String sessionKey = newSessionKey();

  private final DemoBuild build;
  private final RedisTarget redis;
  private final FaultProxy proxy;
  private final RoundTripMeter meter;
  private final List<TomcatNode> tomcats = new ArrayList<>();
  private JettyProcess jetty;
  private RoundRobinBalancer balancer;

  private Fleet(DemoBuild build, RedisTarget redis) {
    this.build = build;
    this.redis = redis;
    this.proxy = FaultProxy.to(redis.host(), redis.port());
    this.meter = new RoundTripMeter(proxy::roundTrips);
  }

  /** Starts Redis (unless {@code redisUrl} names one), two Tomcat nodes, the Jetty node and the balancer. */
  static Fleet start(DemoBuild build, String redisUrl, int preferredPort) {
    return startOn(build, RedisTarget.of(redisUrl), preferredPort);
  }

  /** The same on {@code redis}: a Redis, or a memcached. */
  static Fleet startOn(DemoBuild build, RedisTarget redis, int preferredPort) {
    Fleet fleet;
    try {
      fleet = new Fleet(build, redis);
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    try {
      CompletableFuture<Void> jetty = CompletableFuture.runAsync(fleet::startJettyNode);
      fleet.startTomcats("tomcat-a", "tomcat-b");
      join(jetty);
      fleet.balancer = RoundRobinBalancer.start(preferredPort);
      fleet.tomcats.forEach(node -> fleet.balancer.add(new Backend(node.name(), URI.create(node.baseUrl()))));
      fleet.balancer.add(new Backend(fleet.jetty.name(), URI.create(fleet.jetty.baseUrl())));
      fleet.balancer.meter(fleet.meter);
      fleet.balancer.serve(DemoPage.PATH, new DemoPage(fleet));
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /** The third node: embedded Jetty with the same settings as the Tomcat nodes' manager. */
  private void startJettyNode() {
    Map<String, String> environment = redis.password() == null ? Map.of(KEY_VARIABLE, sessionKey)
        : Map.of(PASSWORD_VARIABLE, redis.password(), KEY_VARIABLE, sessionKey);
    jetty = JettyProcess.start(build, JETTY_NODE, managerAttributes(), environment, "/" + CONTEXT + "/nosession");
  }

  /** 32 random bytes in base64, as {@code openssl rand -base64 32} makes one. */
  private static String newSessionKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  private static void join(CompletableFuture<?> started) {
    try {
      started.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void startTomcats(String... names) {
    for (String name : names) {
      TomcatNodeBuilder node = TomcatNode.builder(build.tomcatHome()).name(name)
          .war(build.war(), CONTEXT)
          .libJar(build.dropinJar())
          .skipJarScan("handoff-*.jar")
          .manager(MANAGER, managerAttributes())
          .readinessPath("/" + CONTEXT + "/nosession")
          .environment(KEY_VARIABLE, sessionKey);
      if (redis.password() != null) {
        node.environment(PASSWORD_VARIABLE, redis.password());
      }
      tomcats.add(node.build());
    }
    // All at once: each takes a few seconds.
    join(CompletableFuture.allOf(tomcats.stream()
        .map(node -> CompletableFuture.runAsync(node::start)).toArray(CompletableFuture[]::new)));
  }

  /** The manager's attributes: Redis through the counting proxy; the password stays in the environment. */
  private Map<String, String> managerAttributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("address", managedAddress());
    // One namespace for the whole fleet: Tomcat and Jetty name a context differently by default.
    attributes.put("namespace", NAMESPACE);
    attributes.put("sessionKey", "${env." + KEY_VARIABLE + "}");
    if (redis.username() != null) {
      attributes.put("username", redis.username());
    }
    if (redis.password() != null) {
      attributes.put("password", "${env." + PASSWORD_VARIABLE + "}");
    }
    if (redis.tls()) {
      // The nodes reach the server through the proxy on 127.0.0.1, a name its certificate lacks.
      attributes.put("tlsVerification", "ca-only");
    }
    return attributes;
  }

  /** The address the nodes use: the proxy's, with the scheme of the real server. */
  String managedAddress() {
    return redis.scheme() + "://" + proxy.host() + ":" + proxy.port();
  }

  List<TomcatNode> tomcats() {
    return List.copyOf(tomcats);
  }

  /** True for the name of a Tomcat node (the Jetty node's is {@link #JETTY_NODE}). */
  boolean isTomcat(String name) {
    return tomcats.stream().anyMatch(node -> node.name().equals(name));
  }

  /** Every node's name, in the balancer's order. */
  List<String> nodeNames() {
    List<String> names = new ArrayList<>(tomcats.stream().map(TomcatNode::name).toList());
    names.add(JETTY_NODE);
    return names;
  }

  TomcatNode tomcat(String name) {
    return tomcats.stream().filter(node -> node.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no Tomcat node named " + name));
  }

  RoundRobinBalancer balancer() {
    return balancer;
  }

  /** Redis round trips so far, all nodes together. */
  long roundTrips() {
    return proxy.roundTrips();
  }

  /** The round trips of the nodes, charged to the requests that caused them. */
  RoundTripMeter meter() {
    return meter;
  }

  /** One node as the demo page shows it. */
  record NodeState(String name, String container, boolean running) {
  }

  /** Every node, in the balancer's order. */
  List<NodeState> nodeStates() {
    List<NodeState> states = new ArrayList<>();
    for (TomcatNode node : tomcats) {
      states.add(new NodeState(node.name(), "Tomcat " + build.tomcatVersion(), node.isRunning()));
    }
    states.add(new NodeState(JETTY_NODE, "Jetty " + build.jettyVersion(), jetty.isRunning()));
    return states;
  }

  /** Stops a node cleanly (SIGTERM); the balancer then skips it. */
  void stopNode(String name) {
    if (name.equals(JETTY_NODE)) {
      jetty.stop();
    } else {
      tomcat(name).stop();
    }
  }

  /** Starts a stopped node again, on its port, and waits until it serves. */
  void startNode(String name) {
    if (name.equals(JETTY_NODE)) {
      jetty.start();
    } else {
      tomcat(name).start();
    }
  }

  /** What the demo page says of Redis. */
  String redisDescription() {
    return redis.describe();
  }

  /** The URL of the webapp behind the balancer. */
  String appUrl() {
    return balancer.baseUrl() + "/" + CONTEXT + "/";
  }

  /** The URL a person opens: the demo's page, the nodes side by side. */
  String pageUrl() {
    return balancer.baseUrl() + DemoPage.PATH;
  }

  void printBanner(PrintStream out) {
    boolean memcached = redis.scheme().equals("memcached");
    out.println("Handoff demo: HTTP sessions in " + (memcached ? "Memcached" : "Redis")
        + ", shared by every node behind a round-robin balancer");
    out.println((memcached ? "  Memcached:    " : "  Redis:        ") + redis.describe());
    out.println("                nodes connect through " + managedAddress() + ", a proxy that counts round trips");
    for (TomcatNode node : tomcats) {
      out.println("  Tomcat node:  " + node.name() + "  " + node.baseUrl() + "/" + CONTEXT + "/  (Tomcat "
          + build.tomcatVersion() + ", Handoff drop-in jar, " + MANAGER + ")");
    }
    out.println("  Jetty node:   " + jetty.name() + "   " + jetty.baseUrl() + "/" + CONTEXT + "/  (embedded Jetty "
        + build.jettyVersion() + ", dev.handoff.jetty.RedisSessionDataStoreFactory)");
    out.println("  Balancer:     " + appUrl() + "  (round robin, no stickiness)");
    out.println("  Demo page:    " + pageUrl() + "  (the nodes side by side, buttons to log in, fill a cart, stop a node)");
    out.println("  Users:        alice / secret, bob / secret");
  }

  @Override
  public void close() {
    if (balancer != null) {
      balancer.close();
    }
    tomcats.forEach(TomcatNode::close);
    if (jetty != null) {
      jetty.close();
    }
    proxy.close();
    redis.close();
  }
}
