package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HttpSessionActivationListener} on a hop between two real Tomcat 11 nodes, with the test
 * webapp's {@code ActivationProbe} (it counts, per node, what it hears): the node that takes the
 * session up activates the value; the node whose copy another node's write replaced passivates
 * its old value; a node that stops passivates the values it holds.
 */
class ActivationListenersIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void theNodeThatTakesTheSessionUp_activates_theOneWhoseCopyIsReplaced_passivates() {
    try (TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", REDIS.topology().uri()))) {
      Browser browser = new Browser();
      Map<String, Object> created = browser.get(fleet.url(0, "/activation?format=json&set=p1")).json();
      assertEquals(null, created.get("activatedOn"), "created on a: not activated");
      assertEquals(0, count(created, "activations"));

      Map<String, Object> onB = browser.get(fleet.url(1, "/activation?format=json")).json();
      assertEquals("p1", onB.get("probe"));
      assertEquals("b", onB.get("activatedOn"), "b took the session up: " + onB);
      assertEquals(1, count(onB, "activations"));
      assertEquals(1, count(browser.get(fleet.url(1, "/activation?format=json")).json(), "activations"),
          "once: b serves its copy after that");

      browser.get(fleet.url(1, "/activation?format=json&set=p2")); // b replaces the value
      Map<String, Object> backOnA = browser.get(fleet.url(0, "/activation?format=json")).json();
      assertEquals("p2", backOnA.get("probe"));
      assertEquals("a", backOnA.get("activatedOn"), "a took up b's value: " + backOnA);
      assertEquals(1, count(backOnA, "passivations"), "a's own p1 was let go: " + backOnA);
      assertEquals(1, count(backOnA, "activations"));
    }
  }

  @Test
  void aNodeThatStops_passivatesTheValuesItHolds() throws Exception {
    try (TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", REDIS.topology().uri()))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/activation?format=json&set=p1"));
      browser.get(fleet.url(0, "/counter?format=json"));
      fleet.node(0).stop();
      String log = java.nio.file.Files.readString(fleet.node(0).base().resolve("logs/process.log"));
      assertTrue(log.contains("activation-probe: p1 passivated on a"), "a's stop passivated p1:\n" + log);
      Map<String, Object> onB = browser.get(fleet.url(1, "/activation?format=json")).json();
      assertEquals("p1", onB.get("probe"), "and the session lives on in Redis");
      assertEquals("b", onB.get("activatedOn"));
    }
  }

  private static int count(Map<String, Object> page, String field) {
    return ((Number) page.get(field)).intValue();
  }
}
