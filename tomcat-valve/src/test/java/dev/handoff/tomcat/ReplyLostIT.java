package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, test 5, on real Tomcat: a session's create reaches Redis and is written, but its reply
 * is lost (the proxy swallows it and resets the connection); the client resends, or the next save
 * tries again. Either way the session must go on being written: the other node sees every
 * increment the first node answered.
 */
class ReplyLostIT {

  @Test
  void createWhoseReplyWasLost_laterRequestsStillWriteTheSession() {
    try (StandaloneRedis redis = Redis.standalone().start();
        FaultProxy proxy = FaultProxy.inFrontOf(redis.node());
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", "redis://127.0.0.1:" + proxy.port(),
            "commandTimeout", "1s"))) {
      Browser warm = new Browser();
      warm.get(fleet.url(0, "/counter?format=json")); // scripts loaded, connections open
      warm.get(fleet.url(1, "/counter?format=json"));

      proxy.loseNextReplyTo("\r\nct\r\n"); // the creation time field: only a create writes it
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json"));
      assertEquals(1, proxy.repliesLost(), "the create's reply was lost\n" + fleet.logs());
      int last = 0;
      for (int i = 0; i < 3; i++) {
        last = counter(browser.get(fleet.url(0, "/counter?format=json")).json());
      }
      assertEquals(4, last, "node A counts on\n" + fleet.logs());
      Map<String, Object> onB = browser.get(fleet.url(1, "/session?format=json")).json();
      Object attributes = ((Map<?, ?>) onB.get("session")).get("attributes");
      assertEquals("4", String.valueOf(((Map<?, ?>) attributes).get("counter")),
          "node B sees what node A answered\n" + fleet.logs());
      assertEquals(5, counter(browser.get(fleet.url(1, "/counter?format=json")).json()));
    }
  }

  private static int counter(Map<String, Object> json) {
    return ((Number) json.get("counter")).intValue();
  }
}
