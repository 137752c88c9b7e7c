package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.MemcachedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * G7 on Memcached through Tomcat: the one memcached server stops answering (a black hole, not a
 * refused connection). The node that holds the session serves it from memory and queues its
 * changes; when the server answers again the queue is written, and the other node reads the
 * latest counter.
 */
class MemcachedOutageIT {

  @Test
  void memcachedBlackHoled_sessionsServedFromMemory_writesFlushedWhenItAnswers() throws Exception {
    try (MemcachedServer server = MemcachedServer.start("outage");
        FaultProxy proxy = FaultProxy.to(server.host(), server.port());
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", "memcached://127.0.0.1:" + proxy.port(),
            "commandTimeout", "1s"))) {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      proxy.blackHole();
      assertEquals(2, counter(browser.get(fleet.url(0, "/counter?format=json")).json()), "served from a's copy\n"
          + fleet.logs());
      assertEquals(3, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      proxy.heal();
      long deadline = System.currentTimeMillis() + 30_000;
      boolean seen = false;
      while (System.currentTimeMillis() < deadline && !seen) {
        Thread.sleep(500);
        Map<String, Object> onB = new Browser().setCookie("JSESSIONID", browser.cookie("JSESSIONID"))
            .get(fleet.url(1, "/session?format=json")).json();
        Object attributes = ((Map<?, ?>) onB.get("session")).get("attributes");
        seen = attributes instanceof Map<?, ?> map && "3".equals(String.valueOf(map.get("counter")));
      }
      assertEquals(true, seen, "the queued writes reached Memcached once it answered\n" + fleet.logs());
      assertEquals(4, counter(browser.get(fleet.url(1, "/counter?format=json")).json()));
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
