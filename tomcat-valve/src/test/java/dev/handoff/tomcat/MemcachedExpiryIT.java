package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.MemcachedServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Expiry on Memcached (G5), which cannot list its keys: a session idle past its limit is gone for
 * the next request on either node, and its listener fires once in the fleet, from a sweep that
 * found it in the per-minute index; a session kept alive on one node is not expired by the other,
 * whose copy looks idle. Two Tomcat 11 nodes, two memcached servers, sweeps every 10 s.
 */
class MemcachedExpiryIT {

  private static final Pattern DESTROYED = Pattern.compile("session-destroyed node=(\\w+) counter=(\\S+)");

  @Test
  void idlePastItsLimit_isGoneOnEitherNode_andItsListenerFiresOnceInTheFleet() throws Exception {
    try (MemcachedServer first = MemcachedServer.start("expiry-1"); MemcachedServer second = MemcachedServer.start("expiry-2");
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", first.uri() + "," + second.uri(),
            "processExpiresFrequency", "1"))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json&maxInactive=2"));
      assertEquals(2, counter(browser.get(fleet.url(1, "/counter?format=json"))));
      String oldCookie = browser.cookie("JSESSIONID");
      Thread.sleep(3_000);
      assertEquals(1, counter(new Browser().setCookie("JSESSIONID", oldCookie).get(fleet.url(1, "/counter?format=json"))),
          "the other node starts a new session\n" + fleet.logs());
      assertEquals(1, counter(browser.get(fleet.url(0, "/counter?format=json"))), "so does the node with the copy");
      long deadline = System.currentTimeMillis() + 45_000;
      while (System.currentTimeMillis() < deadline && destroyed(fleet, "2") == 0) {
        Thread.sleep(1000);
      }
      Thread.sleep(12_000); // another sweep on each node
      assertEquals(1, destroyed(fleet, "2"), "sessionDestroyed fired once, with counter 2\n" + fleet.logs());
    }
  }

  @Test
  void sessionKeptAliveOnB_isNotExpiredByA_whoseCopyLooksIdle() throws Exception {
    try (MemcachedServer first = MemcachedServer.start("alive-1"); MemcachedServer second = MemcachedServer.start("alive-2");
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", first.uri() + "," + second.uri(),
            "processExpiresFrequency", "1"))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json&maxInactive=5"));
      int expected = 1;
      long until = System.currentTimeMillis() + 14_000; // past a's sweeps, every 10 s
      while (System.currentTimeMillis() < until) {
        Thread.sleep(1000);
        expected++;
        assertEquals(expected, counter(browser.get(fleet.url(1, "/counter?format=json"))));
      }
      expected++;
      assertEquals(expected, counter(browser.get(fleet.url(0, "/counter?format=json"))), "a serves the live session\n"
          + fleet.logs());
      for (int node = 0; node < 2; node++) {
        assertTrue(!DESTROYED.matcher(fleet.node(node).logTail()).find(), "no expiry fired\n" + fleet.logs());
      }
    }
  }

  private static int counter(Browser.Response response) {
    return ((Number) response.json().get("counter")).intValue();
  }

  private static int destroyed(TomcatFleet fleet, String counter) {
    int fired = 0;
    for (int node = 0; node < 2; node++) {
      Matcher m = DESTROYED.matcher(fleet.node(node).logTail());
      while (m.find()) {
        if (m.group(2).equals(counter)) {
          fired++;
        }
      }
    }
    return fired;
  }
}
