package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.MemcachedServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jetty adapter on Memcached, unchanged: two embedded Jetty 12 nodes whose factory names two
 * memcached servers. A login on one node, pages on the other, counter and cart alternating, a
 * logout seen on the other node.
 */
class MemcachedJettyIT {

  private MemcachedServer first;
  private MemcachedServer second;
  private JettyNode a;
  private JettyNode b;
  private final Browser browser = new Browser();

  @BeforeEach
  void start() throws Exception {
    first = MemcachedServer.start("jetty-1");
    second = MemcachedServer.start("jetty-2");
    String address = first.uri() + "," + second.uri();
    a = JettyNode.start("a", address, 1, factory -> { });
    b = JettyNode.start("b", address, 1, factory -> { });
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {a, b, first, second}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @Test
  void formLoginOnA_pagesOnB_counterAndCartAlternate_logoutSeenOnA() {
    Browser.Response login = browser.formLogin(a.url("/secure/"), "alice", "secret");
    assertEquals(200, login.status(), login.body());
    assertEquals("alice", browser.get(b.url("/secure/?format=json")).json().get("user"));
    for (int i = 1; i <= 6; i++) {
      JettyNode node = i % 2 == 1 ? a : b;
      Map<String, Object> counter = browser.get(node.url("/counter?format=json")).json();
      assertEquals((long) i, counter.get("counter"), "request " + i + " on " + node.name());
    }
    browser.get(a.url("/cart?add=apple&price=100&format=json"));
    browser.get(b.url("/cart?add=pear&price=200&format=json"));
    assertEquals(2L, browser.get(a.url("/cart?format=json")).json().get("itemCount"));
    browser.get(b.url("/logout?format=json"));
    Browser.Response again = browser.follow(browser.get(a.url("/secure/?format=json")));
    assertTrue(again.body().contains("j_security_check"), "a asks for a login again (G4): " + again.body());
  }
}
