package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * G5 on real Tomcat: a session created on node A expires after A is gone; the session listener
 * fires exactly once in the fleet (on B or C), with the attribute value still readable.
 */
class ExpiryIT {

  private static final Pattern DESTROYED = Pattern.compile("session-destroyed node=(\\w+) counter=(\\S+)");

  /**
   * Issue 12, test 4: a session idle past its limit that no sweep has claimed yet (sweeps every
   * 30 s here) is gone for the next request, on the node that holds a copy and on another; a
   * touch never extends it. Its listener still fires once, from the sweep.
   */
  @Test
  void idlePastItsLimit_beforeAnySweep_nextRequestOnEitherNodeGetsANewSession() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "processExpiresFrequency", "3"))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json&maxInactive=2"));
      assertEquals(2, counter(browser.get(fleet.url(0, "/counter?format=json"))));
      String oldCookie = browser.cookie("JSESSIONID");
      Thread.sleep(3_000);
      assertEquals(1, counter(new Browser().setCookie("JSESSIONID", oldCookie).get(fleet.url(1, "/counter?format=json"))),
          "another node starts a new session\n" + fleet.logs());
      assertEquals(1, counter(browser.get(fleet.url(0, "/counter?format=json"))),
          "the node with the copy starts a new session too\n" + fleet.logs());
      assertTrue(!oldCookie.equals(browser.cookie("JSESSIONID")), "with a new id");
      long deadline = System.currentTimeMillis() + 45_000;
      int fired = 0;
      while (System.currentTimeMillis() < deadline && fired == 0) {
        Thread.sleep(1000);
        fired = destroyed(fleet, "2");
      }
      Thread.sleep(3_000);
      assertEquals(1, destroyed(fleet, "2"), "sessionDestroyed fired once, with counter 2\n" + fleet.logs());
    }
  }

  static int counter(Browser.Response response) {
    return ((Number) response.json().get("counter")).intValue();
  }

  /** How many sessionDestroyed lines the first two nodes logged for a session with this counter (null: any). */
  static int destroyed(TomcatFleet fleet, String counter) {
    int fired = 0;
    for (int node = 0; node < 2; node++) {
      Matcher m = DESTROYED.matcher(fleet.node(node).logTail());
      while (m.find()) {
        if (counter == null || m.group(2).equals(counter)) {
          fired++;
        }
      }
    }
    return fired;
  }

  @Test
  void sessionKeptAliveOnB_isNotExpiredByA_whoseCopyLooksIdle() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "processExpiresFrequency", "1"))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json&maxInactive=5"));
      int expected = 1;
      long until = System.currentTimeMillis() + 14_000; // past A's sweeps, every 10 s
      while (System.currentTimeMillis() < until) {
        Thread.sleep(1000);
        expected++;
        assertEquals(expected, ((Number) browser.get(fleet.url(1, "/counter?format=json")).json().get("counter")).intValue());
      }
      expected++;
      assertEquals(expected, ((Number) browser.get(fleet.url(0, "/counter?format=json")).json().get("counter")).intValue(),
          "A serves the live session\n" + fleet.logs());
      for (int node = 0; node < 2; node++) {
        assertTrue(!DESTROYED.matcher(fleet.node(node).logTail()).find(), "no expiry fired\n" + fleet.logs());
      }
    }
  }

  /**
   * Issue 14, test 7: 5,000 sessions expire at once with two nodes sweeping (every 10 s). Every one
   * is destroyed, exactly once in the fleet, within a few sweeps: a sweep claims on while expired
   * sessions remain (before, each sweep claimed 200 per node: 5,000 took 13 sweeps, over two
   * minutes, and sessions whose TTL ran out first expired without their listeners).
   */
  @Test
  void fiveThousandSessionsExpiringAtOnce_eachIsDestroyedOnceInTheFleet_withinAFewSweeps() throws Exception {
    int count = 5_000;
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "processExpiresFrequency", "1"))) {
      Map<String, String> written = TomcatFleet.withTestKey(Map.of("address", redis.uri()));
      dev.handoff.store.Settings settings = dev.handoff.store.Settings.parse(written, b -> b.namespace("localhost/app"));
      dev.handoff.serialization.AttributeSerializer serializer =
          dev.handoff.serialization.AttributeSerializer.create(settings.serializationConfig());
      long past = System.currentTimeMillis() - 10_000;
      try (dev.handoff.store.SessionStore store = dev.handoff.store.SessionStore.open(settings.storeConfig())) {
        for (int i = 0; i < count; i++) { // written as a node would, idle past a 1 s limit
          String id = String.format("%032X", i);
          store.create(new dev.handoff.store.SessionRecord(id, past, past, 1, 0, "gone", null, null,
              Map.of("counter", serializer.encode(i, getClass().getClassLoader()))),
              dev.handoff.store.SessionStore.newCreateToken());
        }
      }
      long deadline = System.currentTimeMillis() + 45_000;
      java.util.Set<String> counters = new java.util.HashSet<>();
      int lines = 0;
      while (System.currentTimeMillis() < deadline && counters.size() < count) {
        Thread.sleep(2000);
        counters.clear();
        lines = 0;
        for (int node : new int[] {0, 1}) {
          Matcher m = DESTROYED.matcher(java.nio.file.Files.readString(
              fleet.node(node).base().resolve("logs/process.log")));
          while (m.find()) {
            lines++;
            counters.add(m.group(2));
          }
        }
      }
      assertEquals(count, counters.size(), "every session destroyed within 45 s (" + lines + " lines)");
      Thread.sleep(11_000); // one more sweep on each node: nothing fires again
      lines = 0;
      for (int node : new int[] {0, 1}) {
        Matcher m = DESTROYED.matcher(java.nio.file.Files.readString(fleet.node(node).base().resolve("logs/process.log")));
        while (m.find()) {
          lines++;
        }
      }
      assertEquals(count, lines, "sessionDestroyed fired once a session, " + count + " in all");
    }
  }

  @Test
  void sessionOfADeadNode_expiresOnceElsewhere_withItsAttributes() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatFleet fleet = TomcatFleet.start("11", 3, Map.of("address", redis.uri(), "processExpiresFrequency", "1"))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json"));
      assertEquals(2, ((Number) browser.get(fleet.url(0, "/counter?format=json&maxInactive=2")).json().get("counter")).intValue());
      fleet.node(0).kill();
      long deadline = System.currentTimeMillis() + 60_000;
      int fired = 0;
      String where = null;
      String counter = null;
      while (System.currentTimeMillis() < deadline && fired == 0) {
        Thread.sleep(1000);
        fired = 0;
        for (int node : new int[] {1, 2}) {
          Matcher m = DESTROYED.matcher(fleet.node(node).logTail());
          while (m.find()) {
            fired++;
            where = m.group(1);
            counter = m.group(2);
          }
        }
      }
      Thread.sleep(12_000); // another sweep on each node: it must not fire again
      int total = 0;
      for (int node : new int[] {1, 2}) {
        Matcher m = DESTROYED.matcher(fleet.node(node).logTail());
        while (m.find()) {
          total++;
        }
      }
      assertEquals(1, total, "sessionDestroyed fired once in the fleet\n" + fleet.logs());
      assertEquals("2", counter, "with the attribute readable, on node " + where);
    }
  }
}
