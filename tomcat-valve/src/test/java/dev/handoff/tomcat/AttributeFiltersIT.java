package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tomcat's {@code sessionAttributeNameFilter} and {@code sessionAttributeValueClassNameFilter}
 * (ManagerBase's, as for its cluster managers): an attribute the filters refuse stays on the node
 * that holds it, served there, never written to Redis; one Redis holds is not served by a node
 * whose filters refuse it, and that node's writes leave it in Redis. The tags page keeps a
 * {@code HashSet} under {@code tags}; the counter an {@code Integer} under {@code counter}.
 */
class AttributeFiltersIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void nameFilter_anAttributeItRefuses_staysOnTheNode_theOthersTravel() {
    refusedStaysLocal(Map.of("sessionAttributeNameFilter", "counter|cart"));
  }

  @Test
  void valueClassNameFilter_aValueOfAClassItRefuses_staysOnTheNode_theOthersTravel() {
    refusedStaysLocal(Map.of("sessionAttributeValueClassNameFilter", "java\\.lang\\.(?:Integer|String)"));
  }

  private static void refusedStaysLocal(Map<String, String> filter) {
    Map<String, String> settings = new java.util.HashMap<>(filter);
    settings.put("address", REDIS.topology().uri());
    try (TomcatFleet fleet = TomcatFleet.start("11", 2, settings)) {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      assertEquals(List.of("red"), browser.get(fleet.url(0, "/tags?format=json&add=red")).json().get("tags"));
      assertEquals(List.of("red"), browser.get(fleet.url(0, "/tags?format=json")).json().get("tags"),
          "served on the node that holds it");
      assertEquals(2, counter(browser.get(fleet.url(1, "/counter?format=json")).json()), "the counter travels");
      assertEquals(List.of(), browser.get(fleet.url(1, "/tags?format=json")).json().get("tags"),
          "the refused attribute never reached Redis");
      assertEquals(3, counter(browser.get(fleet.url(0, "/counter?format=json")).json()), "back on a");
    }
  }

  /** Node a has no filter and writes the tags; node b's name filter refuses them (never decoded there). */
  @Test
  void anAttributeInRedisThatTheNameFilterRefuses_isNotServed_andTheNodesWritesLeaveIt() {
    storedButRefused(Map.of("sessionAttributeNameFilter", "counter|cart"));
  }

  /** The same with b's value class filter: decoded, refused, and b's log says why. */
  @Test
  void anAttributeInRedisThatTheValueClassFilterRefuses_isNotServed_andTheNodesWritesLeaveIt() {
    try (TomcatFleet fleet = storedButRefused(Map.of("sessionAttributeValueClassNameFilter", "java\\.lang\\.Integer"))) {
      assertTrue(fleet.node(1).logTail().contains("attribute tags cannot be read and is left as stored: Tomcat's filter"
          + " refuses it here: its class java.util.HashSet does not match sessionAttributeValueClassNameFilter"),
          "b says why it does not serve the tags:\n" + fleet.logs());
    }
  }

  private static TomcatFleet storedButRefused(Map<String, String> filterOnB) {
    String address = REDIS.topology().uri();
    Map<String, String> onB = new java.util.HashMap<>(filterOnB);
    onB.put("address", address);
    TomcatFleet fleet = TomcatFleet.start("11", List.of(Map.of("address", address), onB), Map.of());
    try {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/tags?format=json&add=red"));
      assertEquals(List.of(), browser.get(fleet.url(1, "/tags?format=json")).json().get("tags"),
          "b does not serve what its filter refuses");
      assertEquals(1, counter(browser.get(fleet.url(1, "/counter?format=json")).json()));
      assertEquals(List.of("red"), browser.get(fleet.url(0, "/tags?format=json")).json().get("tags"),
          "b's write left the tags in Redis");
      assertEquals(2, counter(browser.get(fleet.url(0, "/counter?format=json")).json()), "and a sees b's write");
      return fleet;
    } catch (RuntimeException | Error e) {
      fleet.close();
      throw e;
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
