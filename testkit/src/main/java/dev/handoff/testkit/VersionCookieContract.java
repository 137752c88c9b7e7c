package dev.handoff.testkit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, tests 1 to 5, for any container: a node serves its copy of a session with no round
 * trip only while that keeps G1 and G4. Two nodes, A and B, serving the test webapp, each reaching
 * Redis through a fault proxy of its own, so that B's pub/sub connection can be slowed, cut or
 * black-holed alone and B's round trips counted alone. A subclass starts the nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VersionCookieContract {

  /** The container's name, for the printed figures. */
  protected abstract String container();

  /** Starts node A talking to Redis through {@code proxyA}, node B through {@code proxyB}. */
  protected abstract void startNodes(FaultProxy proxyA, FaultProxy proxyB) throws Exception;

  protected abstract void stopNodes() throws Exception;

  /** The URL of a page of the test webapp on node A (0) or B (1). */
  protected abstract String url(int node, String page);

  /** What the nodes logged lately, for failure messages. */
  protected abstract String logs();

  /** The version cookie (name and value) that names {@code version} of the session the session cookie {@code sessionCookie} names. */
  protected abstract Map.Entry<String, String> versionCookie(String sessionCookie, long version);

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private FaultProxy proxyA;
  private FaultProxy proxyB;

  @BeforeAll
  public void start() throws Exception {
    proxyA = FaultProxy.inFrontOf(REDIS.topology().node());
    proxyB = FaultProxy.inFrontOf(REDIS.topology().node());
    startNodes(proxyA, proxyB);
  }

  @AfterEach
  public void heal() {
    proxyB.heal();
  }

  @AfterAll
  public void stop() throws Exception {
    stopNodes();
    proxyA.close();
    proxyB.close();
  }

  private String a(String page) {
    return url(0, page);
  }

  private String b(String page) {
    return url(1, page);
  }

  private static int count(Browser browser, String url) {
    return ((Number) browser.get(url).json().get("counter")).intValue();
  }

  /** The counter in the session as the page shows it; null when the request found no session. */
  private static Integer counterSeen(Browser browser, String url) {
    Map<String, Object> page = browser.get(url).json();
    if (!(page.get("session") instanceof Map<?, ?> facts) || !Boolean.TRUE.equals(facts.get("exists"))) {
      return null;
    }
    Object counter = ((Map<?, ?>) facts.get("attributes")).get("counter");
    return counter == null ? null : Integer.valueOf(String.valueOf(counter));
  }

  /** A second client of the same session: the same cookies, its own jar from now on. */
  private static Browser sameSession(Browser browser) {
    Browser other = new Browser();
    browser.cookies().forEach(other::setCookie);
    return other;
  }

  /** Requests the read-only page on B until one costs B no round trip (B knows its copy current). */
  private void untilBServesUnasked(Browser browser) {
    for (int i = 0; i < 20; i++) {
      long before = proxyB.roundTrips();
      browser.get(b("/session?format=json"));
      if (proxyB.roundTrips() == before) {
        return;
      }
      Pause.millis(50);
    }
    throw new AssertionError("B never served the copy without a round trip\n" + logs());
  }

  @Test
  public void test1_changeOnA_readAtOnceOnB_whoseCopyIsOlderAndWhoHasNotHeardYet_servesTheNewState() {
    Browser browser = new Browser();
    assertEquals(1, count(browser, a("/counter?format=json")));
    untilBServesUnasked(browser);
    proxyB.subscribersLatency(Duration.ofMillis(400)); // B hears of A's next write 400 ms late
    assertEquals(2, count(browser, a("/counter?format=json")));
    assertEquals(2, counterSeen(browser, b("/session?format=json")),
        "B served its old copy: the client's version cookie named a newer one\n" + logs());
  }

  @Test
  public void test2_invalidateOnA_replayTheOldCookiesOnB_thatHoldsACopy_refused() {
    Browser browser = new Browser();
    count(browser, a("/counter?format=json"));
    count(browser, a("/counter?format=json"));
    untilBServesUnasked(browser);
    Map<String, String> before = browser.cookies();
    Map.Entry<String, String> versionCookie = versionCookie(before.get("JSESSIONID"), 1);
    assertNotNull(before.get(versionCookie.getKey()), "the version cookie was set: " + before);
    browser.get(a("/logout?format=json"));
    // Replayed after the logout's announcement reached B (8 us to 2.7 ms at store level): a replay in
    // that moment itself is served B's copy (docs/security.md). Run at once after the test above, whose
    // announcement B hears late, the replay came first and this failed.
    Pause.millis(100);

    Browser replay = new Browser();
    before.forEach(replay::setCookie);
    assertEquals(null, counterSeen(replay, b("/session?format=json")),
        "B served an invalidated session to replayed cookies\n" + logs());
    Browser forged = new Browser(); // the old session cookie with the lowest version a cookie can name
    forged.setCookie("JSESSIONID", before.get("JSESSIONID"));
    forged.setCookie(versionCookie.getKey(), versionCookie.getValue());
    assertEquals(1, count(forged, b("/counter?format=json")), "a forged version cookie kept the session alive");
    assertNotEquals(before.get("JSESSIONID"), forged.cookie("JSESSIONID"), "a new session, not the old one");
  }

  /**
   * G4 for the client that logged out: its next request, at once on B (which holds a copy it
   * vouched for and hears of the logout 400 ms late), finds no session. The logout's response
   * expires the version cookie, so B checks Redis instead of trusting the announcement to be first.
   */
  @Test
  public void test2_logoutOnA_theSameBrowserAtOnceOnB_whoHasNotHeardYet_findsNoSession() {
    Browser browser = new Browser();
    count(browser, a("/counter?format=json"));
    untilBServesUnasked(browser);
    proxyB.subscribersLatency(Duration.ofMillis(400)); // B hears of the logout 400 ms late
    browser.get(a("/logout?format=json"));
    assertEquals(null, counterSeen(browser, b("/session?format=json")),
        "B served the session the same browser had just logged out of, cookies " + browser.cookies() + "\n" + logs());
    proxyB.heal(); // the relay may still sleep on a delayed chunk: let it drain before the next test
    Pause.millis(500);
  }

  @Test
  public void test3_aSecondClientChangesOnA_theFirstClientsNextRequestOnBSeesItOnceBHeard() {
    Browser first = new Browser();
    count(first, a("/counter?format=json"));
    untilBServesUnasked(first);
    Browser second = sameSession(first);
    assertEquals(2, count(second, a("/counter?format=json"))); // the first client's cookie still names version 1
    long start = System.nanoTime();
    Integer seen;
    while ((seen = counterSeen(first, b("/session?format=json"))) != 2) {
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(),
          "B still served version 1 a second after A's write: " + seen + "\n" + logs());
    }
    System.out.printf(container() + ", test 3: the first client saw the second client's write on B %d ms after A answered%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  public void test4_bsPubSubConnectionCut_bChecksEveryRequestUntilSubscribedAgain_noStaleRead() {
    Browser first = new Browser();
    count(first, a("/counter?format=json"));
    untilBServesUnasked(first);
    Browser second = sameSession(first);

    proxyB.resetSubscribers();
    assertEquals(2, count(second, a("/counter?format=json"))); // announced while B is not subscribed
    long before = proxyB.roundTrips();
    assertEquals(2, counterSeen(first, b("/session?format=json")), "a stale read on B after its subscription was cut");
    assertTrue(proxyB.roundTrips() > before, "B checked the session in Redis");
    untilBServesUnasked(first); // subscribed again: unasked again, after one check
    assertEquals(3, count(second, a("/counter?format=json")));
    // B hears the next write as test 3 hears one: within the second test 3 allows (41 to 93 ms measured
    // there on Tomcat, polling included; a fixed 100 ms here failed once in 8 runs on Jetty)
    long start = System.nanoTime();
    Integer seen;
    while ((seen = counterSeen(first, b("/session?format=json"))) != 3) {
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(),
          "B, subscribed again, still served " + seen + " a second after the next write\n" + logs());
      Pause.millis(10);
    }
  }

  @Test
  public void test4_bsPubSubConnectionBlackHoled_bChecksOnceItsHeartbeatIsOverdue() {
    Browser first = new Browser();
    count(first, a("/counter?format=json"));
    untilBServesUnasked(first);
    Browser second = sameSession(first);

    proxyB.blackHoleSubscribers();
    assertEquals(2, count(second, a("/counter?format=json"))); // held in the black hole: B cannot hear it
    long start = System.nanoTime();
    long limit = Duration.ofMillis(2_000).toNanos(); // the lease (1 s) from B's first heartbeat after the stall, and margin
    long before = proxyB.roundTrips();
    while (!Integer.valueOf(2).equals(counterSeen(first, b("/session?format=json")))) {
      assertTrue(System.nanoTime() - start < limit, "B served its old copy past the lease\n" + logs());
      Pause.millis(20);
    }
    System.out.printf(container() + ", test 4: B, its subscription black-holed, served the new state %d ms after the first request%n",
        (System.nanoTime() - start) / 1_000_000);
    assertTrue(proxyB.roundTrips() > before, "B checked the session in Redis");
  }

  @Test
  public void test5_roundTripsOnB_readZero_noSessionPageZero_changeOne_changeAfterAHopTwo() {
    Browser browser = new Browser();
    count(browser, a("/counter?format=json"));
    untilBServesUnasked(browser);
    long read = minRoundTrips(() -> browser.get(b("/session?format=json")));
    long noSessionPage = minRoundTrips(() -> browser.get(b("/nosession")));
    long noCookie = minRoundTrips(() -> new Browser().get(b("/nosession")));
    long change = minRoundTrips(() -> browser.get(b("/counter?format=json")));
    long changeAfterAHop = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      count(browser, a("/counter?format=json"));
      long start = proxyB.roundTrips();
      count(browser, b("/counter?format=json"));
      changeAfterAHop = Math.min(changeAfterAHop, proxyB.roundTrips() - start);
    }
    System.out.printf("round trips on " + container() + " with a current copy: read %d, page without the session (cookie) %d,"
        + " (no cookie) %d, change %d, change after another node's %d%n", read, noSessionPage, noCookie, change,
        changeAfterAHop);
    assertEquals(0, read, "read with a current copy");
    assertEquals(0, noSessionPage, "a page that never uses the session, with the session cookie");
    assertEquals(0, noCookie, "a page that never uses the session, no cookie");
    assertEquals(1, change, "a change");
    assertTrue(changeAfterAHop <= 2, "a change after another node's: " + changeAfterAHop);
  }

  /** Background work can only add round trips: the least of three is the request's. */
  private long minRoundTrips(Runnable request) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long before = proxyB.roundTrips();
      request.run();
      least = Math.min(least, proxyB.roundTrips() - before);
    }
    return least;
  }

}
