package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, test 3, on Jetty: a save that is refused (a change above maxSessionBytes, an attribute
 * above maxAttributeBytes) is not remembered as written. The list is then cut in place (no
 * setAttribute) until it fits: the next save writes it, and the other node sees it.
 */
class RefusedSaveIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void changeAboveMaxSessionBytes_notRememberedAsWritten_nextSaveWritesIt() throws Exception {
    refusedThenFits("maxSessionBytes");
  }

  @Test
  void attributeAboveMaxAttributeBytes_notRememberedAsWritten_nextSaveWritesIt() throws Exception {
    refusedThenFits("maxAttributeBytes");
  }

  private static void refusedThenFits(String limit) throws Exception {
    try (JettyNode a = JettyNode.start("a", REDIS.topology().uri(), 600, f -> f.set(limit, "2048"));
        JettyNode b = JettyNode.start("b", REDIS.topology().uri())) {
      Browser browser = new Browser();
      assertEquals(1L, browser.get(a.url("/counter?format=json")).json().get("counter")); // in Redis
      browser.get(a.url("/hold?format=json&list=notes&size=5000")); // refused: too large
      assertEquals(null, attributes(browser, b).get("notes"), "the refused list is not in Redis");
      browser.get(a.url("/hold?format=json&trim=notes")); // cut in place: it fits now
      Map<?, ?> onB = attributes(browser, b);
      assertEquals(12, String.valueOf(onB.get("notes")).length(), // "[" + 10 characters + "]"
          "node B sees the list node A could write once it fitted (a refused save is not remembered as written); B sees "
              + onB);
      assertEquals("1", String.valueOf(onB.get("counter")));
    }
  }

  /** The session's attributes as node {@code node} reads them from Redis. */
  private static Map<?, ?> attributes(Browser browser, JettyNode node) {
    Object session = new Browser().setCookie("JSESSIONID", browser.cookie("JSESSIONID"))
        .get(node.url("/session?format=json")).json().get("session");
    Object attributes = session instanceof Map<?, ?> m ? m.get("attributes") : null;
    return attributes instanceof Map<?, ?> map ? map : Map.of();
  }
}
