package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, test 3, on real Tomcat: a save that is refused (an attribute above maxAttributeBytes,
 * a change above maxSessionBytes) is not remembered as written. The list is then cut in place
 * (no setAttribute) until it fits: the next save writes it, and the other node sees it.
 */
class RefusedSaveIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void attributeAboveMaxAttributeBytes_notRememberedAsWritten_nextSaveWritesIt() {
    refusedThenFits(Map.of("address", REDIS.topology().uri(), "maxAttributeBytes", "2048"));
  }

  @Test
  void changeAboveMaxSessionBytes_notRememberedAsWritten_nextSaveWritesIt() {
    refusedThenFits(Map.of("address", REDIS.topology().uri(), "maxSessionBytes", "2048"));
  }

  private static void refusedThenFits(Map<String, String> settings) {
    try (TomcatFleet fleet = TomcatFleet.start("11", 2, settings)) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json")); // the session exists in Redis
      browser.get(fleet.url(0, "/hold?format=json&list=notes&size=5000")); // refused: too large
      Map<?, ?> onB = SameNodeRequestsIT.attributes(browser.get(fleet.url(1, "/session?format=json")).json());
      assertEquals(null, onB.get("notes"), "the refused list is not in Redis");
      browser.get(fleet.url(0, "/hold?format=json&trim=notes")); // cut in place: it fits now
      onB = SameNodeRequestsIT.attributes(browser.get(fleet.url(1, "/session?format=json")).json());
      assertEquals(12, String.valueOf(onB.get("notes")).length(), // "[" + 10 characters + "]"
          "node B sees the list node A could write once it fitted (a refused save is not remembered as "
              + "written); B sees " + onB + "\n" + fleet.logs());
    }
  }
}
