package dev.handoff.tomcat;

import static dev.handoff.tomcat.ExpiryIT.counter;
import static dev.handoff.tomcat.ExpiryIT.destroyed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.MemcachedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expiry on Memcached (G5), which cannot list its keys: a session idle past its limit is gone for
 * the next request on either node, and its listener fires once in the fleet, from a sweep that
 * found it in the per-minute index; a session kept alive on one node is not expired by the other,
 * whose copy looks idle. Two Tomcat 11 nodes, two memcached servers, sweeps every 10 s.
 */
class MemcachedExpiryIT {

  /**
   * Both at once, on one fleet: user x lets a 2-second session go idle; user y keeps a 5-second
   * session alive on b for 14 s (past a's sweeps). x's session is gone on either node and its
   * listener fires once; y's is never expired.
   */
  @Test
  void anIdleSessionExpiresOnceInTheFleet_aSessionKeptAliveOnBIsNotExpiredByA() throws Exception {
    try (MemcachedServer first = MemcachedServer.start("expiry-1"); MemcachedServer second = MemcachedServer.start("expiry-2");
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", first.uri() + "," + second.uri(),
            "processExpiresFrequency", "1"))) {
      Browser idle = new Browser();
      idle.get(fleet.url(0, "/counter?format=json&maxInactive=2"));
      assertEquals(2, counter(idle.get(fleet.url(1, "/counter?format=json"))));
      String oldCookie = idle.cookie("JSESSIONID");
      Browser alive = new Browser();
      alive.get(fleet.url(0, "/counter?format=json&maxInactive=5"));
      int expected = 1;
      long until = System.currentTimeMillis() + 14_000; // past a's sweeps, every 10 s
      boolean checkedIdle = false;
      while (System.currentTimeMillis() < until) {
        Thread.sleep(1000);
        expected++;
        assertEquals(expected, counter(alive.get(fleet.url(1, "/counter?format=json"))), "y is served on b");
        if (!checkedIdle && System.currentTimeMillis() > until - 10_000) {
          checkedIdle = true; // x has been idle over 3 s
          assertEquals(1, counter(new Browser().setCookie("JSESSIONID", oldCookie).get(fleet.url(1, "/counter?format=json"))),
              "x's expired session: a new one on the other node\n" + fleet.logs());
          assertEquals(1, counter(idle.get(fleet.url(0, "/counter?format=json"))), "and on the node with the copy");
        }
      }
      expected++;
      assertEquals(expected, counter(alive.get(fleet.url(0, "/counter?format=json"))), "a serves y's live session\n"
          + fleet.logs());
      assertEquals(destroyed(fleet, "2"), destroyed(fleet, null), "while y was kept alive, no listener but x's fired\n"
          + fleet.logs()); // afterwards y goes idle too, and expires in its turn
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline && destroyed(fleet, "2") == 0) {
        Thread.sleep(500);
      }
      Thread.sleep(11_000); // another sweep on each node
      assertEquals(1, destroyed(fleet, "2"), "x's sessionDestroyed fired once, with counter 2\n" + fleet.logs());
    }
  }
}
