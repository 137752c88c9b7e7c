package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, tests 1 and 2, on real Tomcat: requests of one session that overlap on one node each
 * keep their own read, set and removed names, merged as each ends; and a node holds one copy of
 * a session, also when several requests of it arrive at once and the node has no current copy.
 */
class SameNodeRequestsIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final AtomicInteger GATES = new AtomicInteger();
  private static TomcatFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = TomcatFleet.start("11", 2, Map.of("address", REDIS.topology().uri()));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  /** Test 1 (G3): R1 reads the cart and waits; R2 adds an item in place and completes; R1 completes. */
  @Test
  void inPlaceAddByR2_whileR1ReadsTheCart_otherNodeSeesTheItem() throws Exception {
    Browser browser = new Browser();
    browser.get(fleet.url(0, "/cart?format=json&add=apple"));
    String gate = gate();
    Future<Browser.Response> r1 = inBackground(browser, fleet.url(0, "/hold?format=json&read=cart&wait=" + gate));
    awaitArrivals(gate, 1);
    assertEquals(2, itemCount(browser.get(fleet.url(0, "/cart?format=json&add=pear")).json()), "R2 adds in place");
    open(gate);
    assertEquals(200, r1.get(30, TimeUnit.SECONDS).status());
    assertEquals(List.of("apple", "pear"), items(browser.get(fleet.url(1, "/cart?format=json")).json()),
        "node B sees the item R2 added in place on node A\n" + fleet.logs());
  }

  /**
   * Test 1, the other order of ends: R2 reads the cart and waits; R1, a read of the cart, completes
   * meanwhile; then R2 adds its item in place and completes. R1's end must not take R2's reads.
   */
  @Test
  void inPlaceAddByR2_afterR1EndedMeanwhile_otherNodeSeesTheItem() throws Exception {
    Browser browser = new Browser();
    browser.get(fleet.url(0, "/cart?format=json&add=apple"));
    String gate = gate();
    Future<Browser.Response> r2 = inBackground(browser, fleet.url(0, "/hold?format=json&read=cart&add=pear&wait=" + gate));
    awaitArrivals(gate, 1);
    assertEquals(1, itemCount(browser.get(fleet.url(0, "/cart?format=json")).json()), "R1 reads the cart and ends");
    open(gate);
    assertEquals(200, r2.get(30, TimeUnit.SECONDS).status());
    assertEquals(List.of("apple", "pear"), items(browser.get(fleet.url(1, "/cart?format=json")).json()),
        "node B sees the item R2 added in place on node A after R1 ended\n" + fleet.logs());
  }

  /** Test 2: concurrent first requests of a session on a node with no copy of it. */
  @Test
  void concurrentFirstRequests_onANodeWithoutACopy_shareOneSession_andAllChangesAreWritten() throws Exception {
    for (int round = 0; round < 5; round++) {
      Browser creator = new Browser();
      creator.get(fleet.url(1, "/counter?format=json")); // created on B: A has no copy
      concurrentRequestsOnA(creator, "round " + round + " (no copy on A)");
    }
  }

  /** Test 2, the stale copy: A held a copy, B changed the session, then requests arrive on A at once. */
  @Test
  void concurrentRequests_onANodeWithAStaleCopy_shareOneSession_andAllChangesAreWritten() throws Exception {
    for (int round = 0; round < 5; round++) {
      Browser creator = new Browser();
      creator.get(fleet.url(1, "/counter?format=json"));
      creator.get(fleet.url(0, "/counter?format=json")); // A holds a copy
      creator.get(fleet.url(1, "/counter?format=json")); // B changed it: A's copy is stale
      concurrentRequestsOnA(creator, "round " + round + " (stale copy on A)");
    }
  }

  /**
   * Six requests of the creator's session on node A, started together: each sets its own attribute
   * and waits at a gate until all six arrived, then each reports the attributes it sees. One
   * session object on A: every request sees every other's attribute; and each is in Redis.
   */
  private static void concurrentRequestsOnA(Browser creator, String what) throws Exception {
    int requests = 6;
    String gate = gate();
    CyclicBarrier start = new CyclicBarrier(requests);
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try {
      List<Future<Browser.Response>> responses = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String url = fleet.url(0, "/hold?format=json&set=a" + i + "&value=" + i + "&wait=" + gate);
        Browser browser = new Browser().setCookie("JSESSIONID", creator.cookie("JSESSIONID"));
        responses.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return browser.get(url);
        }));
      }
      int arrived = awaitArrivals(gate, requests);
      open(gate);
      assertEquals(requests, arrived, what + ": every request arrived at the gate\n" + fleet.logs());
      for (Future<Browser.Response> response : responses) {
        Map<String, Object> page = response.get(30, TimeUnit.SECONDS).json();
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.get("seen");
        for (int i = 0; i < requests; i++) {
          assertTrue(seen.contains("a" + i), what + ": one session object on node A, so every request sees a" + i
              + " set by another; this one saw " + seen + "\n" + fleet.logs());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Map<?, ?> onB = attributes(creator.get(fleet.url(1, "/session?format=json")).json());
    for (int i = 0; i < requests; i++) {
      assertEquals(String.valueOf(i), onB.get("a" + i), what + ": node B sees a" + i + " set on node A; it sees "
          + onB + "\n" + fleet.logs());
    }
  }

  private static Future<Browser.Response> inBackground(Browser cookies, String url) {
    Browser browser = new Browser().setCookie("JSESSIONID", cookies.cookie("JSESSIONID"));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(() -> browser.get(url));
    } finally {
      thread.shutdown();
    }
  }

  private static String gate() {
    return "g" + GATES.incrementAndGet();
  }

  private static int awaitArrivals(String gate, int count) {
    Browser.Response response = new Browser().get(fleet.url(0, "/hold?format=json&await=" + gate + "&count=" + count));
    assertEquals(200, response.status(), "the gate's page answers\n" + fleet.logs());
    Map<String, Object> page = response.json();
    return ((Number) page.get("arrived")).intValue();
  }

  private static void open(String gate) {
    new Browser().get(fleet.url(0, "/hold?format=json&open=" + gate));
  }

  private static int itemCount(Map<String, Object> cart) {
    return ((Number) cart.get("itemCount")).intValue();
  }

  private static List<String> items(Map<String, Object> cart) {
    return ((List<?>) cart.get("cart")).stream().map(item -> String.valueOf(((Map<?, ?>) item).get("name")))
        .collect(Collectors.toList());
  }

  static Map<?, ?> attributes(Map<String, Object> page) {
    return (Map<?, ?>) ((Map<?, ?>) page.get("session")).get("attributes");
  }
}
