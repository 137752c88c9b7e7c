package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two embedded Jetty servers sharing one Redis, every request of a browser landing on the other
 * node: Jetty's clustered session scenarios with the test webapp.
 */
class JettyClusterIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private JettyNode a;
  private JettyNode b;
  private final Browser browser = new Browser();

  @BeforeEach
  void startNodes() throws Exception {
    // A key prefix per test: sessions a test leaves behind never expire into the next one.
    String keyPrefix = "it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    a = JettyNode.start("a", REDIS.topology().uri(), 1, factory -> factory.setKeyPrefix(keyPrefix));
    b = JettyNode.start("b", REDIS.topology().uri(), 1, factory -> factory.setKeyPrefix(keyPrefix));
  }

  @AfterEach
  void stopNodes() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void formLoginOnA_pagesOnB_areLoggedIn() {
    Browser.Response login = browser.formLogin(a.url("/secure/"), "alice", "secret");
    assertEquals(200, login.status(), login.body());
    Browser.Response secureOnB = browser.get(b.url("/secure/?format=json"));
    assertEquals(200, secureOnB.status(), secureOnB.toString());
    Map<String, Object> onB = secureOnB.json();
    assertEquals("b", onB.get("node"));
    assertEquals("alice", onB.get("user"));
    assertEquals("FORM", onB.get("authType"));
    assertEquals("alice", browser.get(a.url("/secure/page?format=json")).json().get("user"));
  }

  @Test
  void counterAndCart_alternatingNodes_seeEveryChange() {
    for (int i = 1; i <= 6; i++) {
      JettyNode node = i % 2 == 1 ? a : b;
      Map<String, Object> counter = browser.get(node.url("/counter?format=json")).json();
      assertEquals((long) i, counter.get("counter"), "request " + i + " on " + node.name());
    }
    // The first item stores the list with setAttribute; the later ones change it in place (G3).
    browser.get(a.url("/cart?add=apple&price=100&format=json"));
    browser.get(b.url("/cart?add=pear&price=200&format=json"));
    browser.get(a.url("/cart?add=plum&price=300&format=json"));
    Map<String, Object> cart = browser.get(b.url("/cart?format=json")).json();
    assertEquals(3L, cart.get("itemCount"), cart.toString());
    assertEquals(600L, cart.get("totalCents"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) cart.get("cart");
    assertEquals(List.of("apple", "pear", "plum"), items.stream().map(item -> item.get("name")).toList());
    assertEquals("org.eclipse.jetty.ee.webapp.WebAppClassLoader", cart.get("cartItemLoader"));
    browser.get(b.url("/cart?clear=1&format=json"));
    assertEquals(0L, browser.get(a.url("/cart?format=json")).json().get("itemCount"));
    assertEquals(7L, browser.get(a.url("/counter?format=json")).json().get("counter"));
  }

  /**
   * HttpSessionActivationListener, as Jetty's own session cache calls it over a passivating store:
   * the node that takes the session up activates the value (the adapter's cache evicts on session
   * exit, so Jetty activates on each request's load and passivates before each store).
   */
  @Test
  void activationListener_theNodeThatTakesTheSessionUp_activatesTheValue() {
    browser.get(a.url("/activation?format=json&set=p1"));
    Map<String, Object> onB = browser.get(b.url("/activation?format=json")).json();
    assertEquals("p1", onB.get("probe"));
    assertEquals("b", onB.get("activatedOn"), onB.toString());
    Map<String, Object> backOnA = browser.get(a.url("/activation?format=json")).json();
    assertEquals("a", backOnA.get("activatedOn"), backOnA.toString());
    assertTrue(((Number) backOnA.get("passivations")).intValue() >= 1, "a passivated before its store: " + backOnA);
  }

  @Test
  void invalidationOnA_isSeenOnB() {
    browser.get(a.url("/counter?format=json"));
    assertEquals(2L, browser.get(b.url("/counter?format=json")).json().get("counter"));
    Map<String, Object> logout = browser.get(a.url("/logout?format=json")).json();
    assertEquals(true, logout.get("sessionInvalidated"));
    assertEquals(List.of("counter=2"), a.destroyed(), "listeners ran once, on A");
    Map<String, Object> session = browser.get(b.url("/session?format=json")).json();
    @SuppressWarnings("unchecked")
    Map<String, Object> facts = (Map<String, Object>) session.get("session");
    assertEquals(false, facts.get("exists"), session.toString());
    assertEquals(1L, browser.get(b.url("/counter?format=json")).json().get("counter"), "a new session");
  }

  @Test
  void sessionKeptAliveOnB_isNotExpiredByA() throws Exception {
    assertEquals(1L, browser.get(a.url("/counter?maxInactive=3&format=json")).json().get("counter"));
    for (int i = 0; i < 8; i++) { // 8 s, well past the 3 s limit counted from the request on A
      Thread.sleep(1000);
      Map<String, Object> page = browser.get(b.url("/session?format=json")).json();
      @SuppressWarnings("unchecked")
      Map<String, Object> facts = (Map<String, Object>) page.get("session");
      assertEquals(true, facts.get("exists"), "still alive after " + (i + 1) + " s: " + page);
    }
    assertEquals(2L, browser.get(a.url("/counter?format=json")).json().get("counter"));
    assertTrue(a.destroyed().isEmpty(), "A expired nothing: " + a.destroyed());
    assertTrue(b.destroyed().isEmpty(), "B expired nothing: " + b.destroyed());
  }

  @Test
  void sessionOfAStoppedNode_isExpiredOnceByTheSurvivor_withItsAttributes() throws Exception {
    browser.get(a.url("/counter?format=json"));
    assertEquals(2L, browser.get(a.url("/counter?maxInactive=2&format=json")).json().get("counter"));
    a.close();
    a = null;
    long deadline = System.currentTimeMillis() + 15_000;
    while (b.destroyed().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(2500); // more sweeps: it must not fire again
    assertEquals(List.of("counter=2"), b.destroyed());
    assertNotNull(browser.cookie("JSESSIONID"));
    Map<String, Object> session = browser.get(b.url("/session?format=json")).json();
    @SuppressWarnings("unchecked")
    Map<String, Object> facts = (Map<String, Object>) session.get("session");
    assertEquals(false, facts.get("exists"));
  }
}
