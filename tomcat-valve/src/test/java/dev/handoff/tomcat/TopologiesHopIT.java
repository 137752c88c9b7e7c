package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.TlsMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
    try (RedisTopology redis = topology.get(); TomcatFleet fleet = TomcatFleet.start("11", 2, HandoffSettings.forTopology(redis))) {
      Browser browser = new Browser();
      assertEquals(200, browser.formLogin(fleet.url(0, "/secure/?format=json"), "alice", "secret").status());
      Map<String, Object> page = browser.get(fleet.url(1, "/secure/?format=json")).json();
      assertEquals("alice", page.get("user"), name + ": " + page + "\n" + fleet.logs());
      browser.get(fleet.url(0, "/cart?format=json&add=book"));
      Map<String, Object> cart = browser.get(fleet.url(1, "/cart?format=json&add=pen")).json();
      assertEquals(2, ((Number) cart.get("itemCount")).intValue(), name);
    }
  }
}
