package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, test 9: Redis restarts empty (no persistence; a failover to a node without a replica
 * looks the same) while a user is logged in with a cart on two Tomcat nodes. Both nodes notice
 * (Handoff's marker in Redis is gone), each says so in one log line, and write back the sessions
 * they hold: the user stays logged in and keeps the cart, on either node.
 */
class RedisLostDataIT {

  @Test
  void redisRestartedEmpty_usersStayLoggedIn_andKeepTheirCarts() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start(); // no AOF, no RDB: a restart comes back empty
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "commandTimeout", "1s"))) {
      Browser user = new Browser();
      assertEquals(200, user.formLogin(fleet.url(0, "/secure/?format=json"), "alice", "secret").status());
      user.get(fleet.url(0, "/cart?format=json&add=book"));
      assertEquals(2, items(user.get(fleet.url(1, "/cart?format=json&add=pen")).json()), "B holds a copy too");
      assertEquals(2, items(user.get(fleet.url(0, "/cart?format=json")).json()), "A's copy is current");

      redis.node().kill();
      redis.node().start();

      assertTrue(user.get(fleet.url(1, "/secure/?format=json")).body().contains("alice"),
          "still logged in on B right after the restart\n" + fleet.logs());
      assertEquals(2, items(user.get(fleet.url(0, "/cart?format=json")).json()), "the cart is kept on A\n" + fleet.logs());
      dev.handoff.store.Settings settings = dev.handoff.store.Settings.parse(
          TomcatFleet.withTestKey(Map.of("address", redis.uri())), b -> b.namespace("localhost/app"));
      try (dev.handoff.store.SessionStore store = dev.handoff.store.SessionStore.open(settings.storeConfig())) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!store.exists(user.cookie("JSESSIONID")) && System.currentTimeMillis() < deadline) {
          Thread.sleep(250);
        }
        var record = store.load(user.cookie("JSESSIONID"));
        assertTrue(record.isPresent(), "the session is back in Redis\n" + fleet.logs());
        assertTrue(record.get().principal() != null, "with its login");
      }
      assertEquals(3, items(user.get(fleet.url(1, "/cart?format=json&add=tea")).json()), "and goes on");
      for (int node = 0; node < 2; node++) { // each node reads the marker every 5 s, and at once when it misses a session
        long until = System.currentTimeMillis() + 15_000;
        while (!QueueBoundIT.logs(fleet.node(node)).contains("Redis lost Handoff's data") && System.currentTimeMillis() < until) {
          Thread.sleep(250);
        }
        String log = QueueBoundIT.logs(fleet.node(node));
        assertEquals(1, QueueBoundIT.occurrences(log, "Redis lost Handoff's data"), "one line on node " + node + "\n" + log);
      }
    }
  }

  private static int items(Map<String, Object> cart) {
    return ((Number) cart.get("itemCount")).intValue();
  }
}
