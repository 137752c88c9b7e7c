package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.MemcachedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Tomcat drop-in on Memcached, as an administrator sets it up: two Tomcat 11 nodes whose
 * {@code <Manager>} names two memcached servers ({@code address="memcached://...,memcached://..."}),
 * sessions sealed. The hops of the Redis fleet: a login on one node, pages on the other, counter
 * and cart alternating, concurrent changes of different attributes on both nodes, a logout seen
 * everywhere; then one memcached server killed, and nobody logged out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemcachedHopIT {

  private MemcachedServer first;
  private MemcachedServer second;
  private TomcatFleet fleet;

  @BeforeAll
  void start() {
    first = MemcachedServer.start("hop-1");
    second = MemcachedServer.start("hop-2");
    fleet = TomcatFleet.start("11", 2, Map.of("address", first.uri() + "," + second.uri()));
  }

  @AfterAll
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Test
  @Order(1)
  void formLoginOnA_pagesOnB_counterAndCartAlternate() {
    Browser browser = new Browser();
    Browser.Response login = browser.formLogin(fleet.url(0, "/secure/?format=json"), "alice", "secret");
    assertEquals(200, login.status(), login + "\n" + fleet.logs());
    Map<String, Object> page = browser.get(fleet.url(1, "/secure/?format=json")).json();
    assertEquals("alice", page.get("user"), "logged in on b: " + page + "\n" + fleet.logs());
    for (int i = 1; i <= 6; i++) {
      Map<String, Object> counter = browser.get(fleet.url(i % 2, "/counter?format=json")).json();
      assertEquals(i, ((Number) counter.get("counter")).intValue(), "request " + i + " on node " + (i % 2));
    }
    for (int i = 1; i <= 4; i++) {
      Map<String, Object> cart = browser.get(fleet.url(i % 2, "/cart?format=json&add=item-" + i)).json();
      assertEquals(i, ((Number) cart.get("itemCount")).intValue(), "the list changed in place was saved (G3)");
    }
    assertTrue(fleet.logs().contains("Handoff session store on Memcached"), fleet.logs());
  }

  @Test
  @Order(2)
  void concurrentRequestsOnTwoNodes_changingDifferentAttributes_loseNothing() throws Exception {
    TomcatHopContract.concurrentCounterAndCart(fleet, 0, 1, 1);
  }

  @Test
  @Order(3)
  void logoutOnB_isRefusedOnA() {
    Browser browser = new Browser();
    browser.formLogin(fleet.url(0, "/secure/?format=json"), "alice", "secret");
    browser.get(fleet.url(1, "/logout?format=json"));
    Browser.Response again = browser.get(fleet.url(0, "/secure/?format=json"));
    assertTrue(again.body().contains("j_security_check"), "a asks for a login again (G4): " + again.body());
  }

  /**
   * Memcached keeps no copy: killing a server loses the sessions it held. The nodes see it within
   * seconds and write back the sessions they hold, so users whose sessions a node held are not
   * logged out: eight users, each last served by both nodes, all still logged in with their counters.
   */
  @Test
  @Order(4)
  void aMemcachedServerKilled_logsNobodyOut_whoseSessionANodeHeld() throws Exception {
    List<Browser> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Browser user = new Browser();
      user.formLogin(fleet.url(i % 2, "/secure/?format=json"), "alice", "secret");
      user.get(fleet.url(0, "/counter?format=json"));
      user.get(fleet.url(1, "/counter?format=json"));
      users.add(user);
    }
    first.kill();
    Thread.sleep(5_000); // the nodes see the server gone (every 2 s) and write back
    for (int i = 0; i < users.size(); i++) {
      Browser user = users.get(i);
      for (int node = 0; node < 2; node++) {
        Map<String, Object> page = user.get(fleet.url(node, "/secure/?format=json")).json();
        assertEquals("alice", page.get("user"), "user " + i + " on node " + node + ": " + page + "\n" + fleet.logs());
      }
      assertEquals(3, ((Number) user.get(fleet.url(i % 2, "/counter?format=json")).json().get("counter")).intValue(),
          "user " + i + "'s counter went on");
    }
  }
}
