package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 on two Tomcat 11 nodes: a user logs out on node A while Redis is down. The logout is
 * final: A refuses the old cookie at once, and once Redis is back neither node brings the session
 * back (before, after Redis returned the old cookie was still logged in on both).
 */
class LogoutDuringOutageIT {

  @Test
  void logoutWhileRedisIsDown_isFinalOnBothNodesOnceItIsBack() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().appendOnly().start();
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "commandTimeout", "1s",
            "retryAttempts", "0"))) {
      Browser user = new Browser();
      assertEquals(200, user.formLogin(fleet.url(0, "/secure/?format=json"), "alice", "secret").status());
      assertTrue(user.get(fleet.url(1, "/secure/?format=json")).body().contains("alice"), "logged in on B too");
      String cookie = user.cookie("JSESSIONID");

      RedisNode node = redis.node();
      node.kill();
      try {
        user.get(fleet.url(0, "/logout?format=json"));
        Browser.Response afterOnA = new Browser().setCookie("JSESSIONID", cookie).get(fleet.url(0, "/secure/?format=json"));
        assertTrue(afterOnA.body().contains("j_security_check"), "node A refuses the old cookie at once: " + afterOnA.body());
      } finally {
        node.start();
      }
      long deadline = System.currentTimeMillis() + 30_000;
      String onB = "";
      while (System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        onB = new Browser().setCookie("JSESSIONID", cookie).get(fleet.url(1, "/secure/?format=json")).body();
        if (onB.contains("j_security_check")) {
          break;
        }
      }
      assertTrue(onB.contains("j_security_check"), "node B logs the old cookie out once Redis is back: " + onB
          + "\n" + fleet.logs());
      String onA = new Browser().setCookie("JSESSIONID", cookie).get(fleet.url(0, "/secure/?format=json")).body();
      assertTrue(onA.contains("j_security_check"), "and node A still does: " + onA);
    }
  }
}
