package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.ReplicatedRedis;
import dev.handoff.testkit.SentinelRedis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The login-and-hop case on two Tomcat 11 nodes against every topology of the testkit, configured
 * only through {@code <Manager>} attributes, as an administrator would.
 */
class TopologiesHopIT {

  static Stream<Arguments> topologies() {
    Map<String, Supplier<RedisTopology>> all = new LinkedHashMap<>();
    all.put("primary with replicas", () -> Redis.replicated(2).start());
    all.put("Sentinel", () -> Redis.sentinel(3, 1).start());
    all.put("cluster", () -> Redis.cluster(3, 1).start());
    all.put("TLS with client certificates", () -> Redis.standalone().tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED).start());
    all.put("ACL user", () -> Redis.standalone().aclUser("shop", "shop-secret", "handoff:").start());
    all.put("ElastiCache-like", () -> Redis.standalone().elastiCacheRestrictions().start());
    return all.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void loginOnA_pageOnB(String name, Supplier<RedisTopology> topology) {
    try (RedisTopology redis = topology.get(); TomcatFleet fleet = TomcatFleet.start("11", 2, attributes(redis))) {
      Browser browser = new Browser();
      assertEquals(200, browser.formLogin(fleet.url(0, "/secure/?format=json"), "alice", "secret").status());
      Map<String, Object> page = browser.get(fleet.url(1, "/secure/?format=json")).json();
      assertEquals("alice", page.get("user"), name + ": " + page + "\n" + fleet.logs());
      browser.get(fleet.url(0, "/cart?format=json&add=book"));
      Map<String, Object> cart = browser.get(fleet.url(1, "/cart?format=json&add=pen")).json();
      assertEquals(2, ((Number) cart.get("itemCount")).intValue(), name);
    }
  }

  /** The {@code <Manager>} attributes an administrator would write for {@code redis}. */
  static Map<String, String> attributes(RedisTopology redis) {
    Map<String, String> a = new LinkedHashMap<>();
    if (redis instanceof StandaloneRedis s) {
      a.put("address", s.uri());
    } else if (redis instanceof ReplicatedRedis r) {
      a.put("address", r.dataNodes().stream().map(RedisNode::uri).collect(Collectors.joining(",")));
      a.put("topology", "replicated");
    } else if (redis instanceof SentinelRedis s) {
      a.put("address", s.sentinelAddresses().stream().map(x -> "redis://" + x).collect(Collectors.joining(",")));
      a.put("topology", "sentinel");
      a.put("sentinelMaster", SentinelRedis.MASTER_NAME);
    } else if (redis instanceof RedisCluster c) {
      a.put("address", String.join(",", c.uris()));
      a.put("topology", "cluster");
    }
    redis.tls().ifPresent(tls -> {
      a.put("trustStore", tls.trustStore().toString());
      a.put("trustStorePassword", tls.storePassword());
      a.put("keyStore", tls.clientKeyStore().toString());
      a.put("keyStorePassword", tls.storePassword());
    });
    redis.aclUser().ifPresent(user -> {
      a.put("username", user.name());
      a.put("password", user.password());
    });
    return a;
  }
}
