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
 * Tomcat nodes (official distribution, drop-in jar, test webapp as {@code /app}) and the
 * balancer. {@link #close()} stops all of it, whatever got started.
 */
final class Fleet implements AutoCloseable {

  static final String MANAGER = "dev.handoff.tomcat.RedisSessionManager";
  static final String CONTEXT = "app";
  static final String JETTY_NOT_YET = "not available yet (jetty-adapter)";
  private static final String PASSWORD_VARIABLE = "HANDOFF_DEMO_REDIS_PASSWORD";

  private final DemoBuild build;
  private final RedisTarget redis;
  private final FaultProxy proxy;
  private final List<TomcatNode> tomcats = new ArrayList<>();
  private RoundRobinBalancer balancer;

  private Fleet(DemoBuild build, RedisTarget redis) {
    this.build = build;
    this.redis = redis;
    this.proxy = FaultProxy.to(redis.host(), redis.port());
  }

  /** Starts Redis (unless {@code redisUrl} names one), two Tomcat nodes and the balancer. */
  static Fleet start(DemoBuild build, String redisUrl, int preferredPort) {
    RedisTarget redis = RedisTarget.of(redisUrl);
    Fleet fleet;
    try {
      fleet = new Fleet(build, redis);
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    try {
      fleet.startTomcats("tomcat-a", "tomcat-b");
      fleet.startJettyNode();
      fleet.balancer = RoundRobinBalancer.start(preferredPort);
      fleet.tomcats.forEach(node -> fleet.balancer.add(new Backend(node.name(), URI.create(node.baseUrl()))));
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /**
   * Extension point for the third node: an embedded Jetty 12 server running the same WAR with
   * {@code server.addBean(new dev.handoff.jetty.RedisSessionDataStoreFactory(...))} pointed at
   * {@link #managedAddress()}, added to the balancer as {@code new Backend("jetty-c", ...)}. The
   * Jetty adapter (module jetty-adapter) is being written; until it exists the demo runs without
   * it and the banner says so ({@link #JETTY_NOT_YET}).
   */
  private void startJettyNode() {
    // Intentionally empty until dev.handoff.jetty.RedisSessionDataStoreFactory exists.
  }

  private void startTomcats(String... names) {
    for (String name : names) {
      TomcatNodeBuilder node = TomcatNode.builder(build.tomcatHome()).name(name)
          .war(build.war(), CONTEXT)
          .libJar(build.dropinJar())
          .manager(MANAGER, managerAttributes())
          .readinessPath("/" + CONTEXT + "/nosession");
      if (redis.password() != null) {
        node.environment(PASSWORD_VARIABLE, redis.password());
      }
      tomcats.add(node.build());
    }
    // All at once: each takes a few seconds.
    try {
      CompletableFuture.allOf(tomcats.stream()
          .map(node -> CompletableFuture.runAsync(node::start)).toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** The manager's attributes: Redis through the counting proxy; the password stays in the environment. */
  private Map<String, String> managerAttributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("address", managedAddress());
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
    return (redis.tls() ? "rediss://" : "redis://") + proxy.host() + ":" + proxy.port();
  }

  List<TomcatNode> tomcats() {
    return List.copyOf(tomcats);
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

  /** The URL a person opens: the webapp behind the balancer. */
  String appUrl() {
    return balancer.baseUrl() + "/" + CONTEXT + "/";
  }

  void printBanner(PrintStream out) {
    out.println("Handoff demo: HTTP sessions in Redis, shared by every node behind a round-robin balancer");
    out.println("  Redis:        " + redis.describe());
    out.println("                nodes connect through " + managedAddress() + ", a proxy that counts round trips");
    for (TomcatNode node : tomcats) {
      out.println("  Tomcat node:  " + node.name() + "  " + node.baseUrl() + "/" + CONTEXT + "/  (Tomcat "
          + build.tomcatVersion() + ", Handoff drop-in jar, " + MANAGER + ")");
    }
    out.println("  Jetty node:   " + JETTY_NOT_YET);
    out.println("  Balancer:     " + appUrl() + "  (round robin, no stickiness)");
    out.println("  Users:        alice / secret, bob / secret");
  }

  @Override
  public void close() {
    if (balancer != null) {
      balancer.close();
    }
    tomcats.forEach(TomcatNode::close);
    proxy.close();
    redis.close();
  }
}
