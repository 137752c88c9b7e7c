package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** G7 on real Tomcat, and a typo in context.xml. */
class RedisDownIT {

  @Test
  void redisStoppedUnderRequests_sessionsServedFromMemory_writesFlushedWhenItReturns() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().appendOnly().start();
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "commandTimeout", "1s",
            "retryAttempts", "0"))) {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      RedisNode node = redis.node();
      node.kill();
      assertEquals(2, counter(browser.get(fleet.url(0, "/counter?format=json")).json()), "served from node A's copy");
      assertEquals(3, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      node.start();
      long deadline = System.currentTimeMillis() + 30_000;
      int seenOnB = 0;
      while (System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        Map<String, Object> onB = new Browser().setCookie("JSESSIONID", browser.cookie("JSESSIONID"))
            .get(fleet.url(1, "/session?format=json")).json();
        Object attributes = ((Map<?, ?>) onB.get("session")).get("attributes");
        if (attributes instanceof Map<?, ?> map && "3".equals(String.valueOf(map.get("counter")))) {
          seenOnB = 3;
          break;
        }
      }
      assertEquals(3, seenOnB, "the queued writes reached Redis once it was back\n" + fleet.logs());
      assertEquals(4, counter(browser.get(fleet.url(1, "/counter?format=json")).json()));
    }
  }

  @Test
  void tomcatStartsWhileRedisIsDown() {
    try (StandaloneRedis redis = Redis.standalone().start()) {
      redis.node().kill();
      try (TomcatFleet fleet = TomcatFleet.start("11", 1, Map.of("address", redis.uri(), "commandTimeout", "1s"))) {
        assertEquals(200, new Browser().get(fleet.url(0, "/nosession")).status());
        assertEquals(200, new Browser().get(fleet.url(0, "/counter?format=json")).status(),
            "a session page still answers, from memory");
      } finally {
        redis.node().start();
      }
    }
  }

  @Test
  void failurePolicyFail_answers503ForRequestsThatNeedASession() {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatFleet fleet = TomcatFleet.start("11", 1, Map.of("address", redis.uri(), "commandTimeout", "1s",
            "retryAttempts", "0", "failurePolicy", "fail"))) {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      redis.node().kill();
      assertEquals(503, browser.get(fleet.url(0, "/counter?format=json")).status());
      // A request with a session cookie needs the session even on /nosession: Tomcat's
      // authenticator reads the login from it. Without a cookie, nothing needs Redis.
      assertEquals(200, new Browser().get(fleet.url(0, "/nosession")).status(), "requests without a session still work");
    }
  }

  @Test
  void typoInContextXml_failsTheContextStartNamingTheAttribute() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatNode node = TomcatNode.builder(TomcatFleet.home("11")).name("typo")
            .war(Path.of(TomcatFleet.requireProperty("handoff.test.war")), "app")
            .libJar(Path.of(TomcatFleet.requireProperty("handoff.dropin.jar")))
            .skipJarScan("handoff-*.jar")
            .manager(TomcatFleet.MANAGER, Map.of("adress", redis.uri()))
            .build()) {
      node.start();
      assertEquals(404, new Browser().get(node.baseUrl() + "/app/nosession").status(), "the context did not start");
      String logs = node.logTail();
      assertTrue(logs.contains("unknown setting 'adress' (did you mean address?)"), logs);
    }
  }

  @Test
  void attributeGivenTwiceInTwoSpellings_failsTheContextStartNamingIt() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatNode node = TomcatNode.builder(TomcatFleet.home("11")).name("twice")
            .war(Path.of(TomcatFleet.requireProperty("handoff.test.war")), "app")
            .libJar(Path.of(TomcatFleet.requireProperty("handoff.dropin.jar")))
            .skipJarScan("handoff-*.jar")
            .manager(TomcatFleet.MANAGER, Map.of("address", redis.uri(), "Address", redis.uri()))
            .build()) {
      node.start();
      assertEquals(404, new Browser().get(node.baseUrl() + "/app/nosession").status(), "the context did not start");
      String logs = node.logTail();
      assertTrue(logs.contains("address is given twice (as '"), logs);
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }

}
