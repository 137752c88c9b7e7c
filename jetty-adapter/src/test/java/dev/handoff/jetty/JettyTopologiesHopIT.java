package dev.handoff.jetty;

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

/** Login and hop between two embedded Jetty servers on a cluster, TLS and an ACL user. */
class JettyTopologiesHopIT {

  static Stream<Arguments> topologies() {
    Map<String, Supplier<RedisTopology>> all = new LinkedHashMap<>();
    all.put("cluster", () -> Redis.cluster(3, 1).start());
    all.put("TLS with client certificates", () -> Redis.standalone().tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED).start());
    all.put("ACL user", () -> Redis.standalone().aclUser("shop", "shop-secret", "handoff:").start());
    return all.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void loginOnA_pageAndCartOnB(String name, Supplier<RedisTopology> topology) throws Exception {
    try (RedisTopology redis = topology.get()) {
      Map<String, String> settings = HandoffSettings.forTopology(redis);
      try (JettyNode a = JettyNode.start("a", settings.get("address"), 600, f -> settings.forEach(f::set));
          JettyNode b = JettyNode.start("b", settings.get("address"), 600, f -> settings.forEach(f::set))) {
        Browser browser = new Browser();
        assertEquals(200, browser.formLogin(a.url("/secure/?format=json"), "alice", "secret").status());
        Map<String, Object> page = browser.get(b.url("/secure/?format=json")).json();
        assertEquals("alice", page.get("user"), name + ": " + page);
        browser.get(a.url("/cart?format=json&add=book"));
        Map<String, Object> cart = browser.get(b.url("/cart?format=json&add=pen")).json();
        assertEquals(2, ((Number) cart.get("itemCount")).intValue(), name);
      }
    }
  }
}
