package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jetty starts while Redis is down (G7), and sessions work once it is back. */
class RedisDownIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void jettyStartsWithRedisDown_andUsesRedisOnceItIsBack() throws Exception {
    REDIS.topology().node().stop();
    try (JettyNode node = JettyNode.start("a", REDIS.topology().uri())) {
      Browser browser = new Browser();
      assertEquals(200, browser.get(node.url("/nosession")).status(), "served while Redis is down");
      REDIS.topology().node().start();
      long deadline = System.currentTimeMillis() + 20_000;
      Browser.Response counter = browser.get(node.url("/counter?format=json"));
      while (counter.status() != 200 && System.currentTimeMillis() < deadline) {
        Thread.sleep(500); // the store retries after a pause that grows to 5 s
        browser.clearCookies();
        counter = browser.get(node.url("/counter?format=json"));
      }
      assertEquals(200, counter.status(), counter.toString());
      assertEquals(1L, counter.json().get("counter"));
      assertEquals(2L, browser.get(node.url("/counter?format=json")).json().get("counter"));
      try (JettyNode other = JettyNode.start("b", REDIS.topology().uri())) {
        assertEquals(3L, browser.get(other.url("/counter?format=json")).json().get("counter"), "in Redis");
      }
    }
  }
}
