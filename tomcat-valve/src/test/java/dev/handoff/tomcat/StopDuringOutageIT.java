package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: Tomcat is stopped (SIGTERM, a clean shutdown) and started again while Redis is down.
 * What Redis lacks is kept in the context's work directory (sealed with the sessionKey) and taken
 * up by the next start: the queued change, the session created during the outage, and the logout
 * made during it. Before, the stop logged "1 queued session changes were not written" and all
 * three were lost (the logged-out session came back with Redis).
 */
class StopDuringOutageIT {

  @Test
  void stopAndStartWhileRedisIsDown_keepsTheQueueTheSessionsAndTheLogout() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().appendOnly().start();
        TomcatNode node = TomcatNode.builder(TomcatFleet.home("11")).name("stop-in-outage")
            .war(Path.of(TomcatFleet.requireProperty("handoff.test.war")), "app")
            .libJar(Path.of(TomcatFleet.requireProperty("handoff.dropin.jar")))
            .skipJarScan("handoff-*.jar")
            .manager(TomcatFleet.MANAGER, TomcatFleet.withTestKey(Map.of("address", redis.uri(),
                "commandTimeout", "1s", "retryAttempts", "0")))
            .build()) {
      node.start();
      String counter = node.baseUrl() + "/app/counter?format=json";
      Browser user = new Browser();
      Browser leaving = new Browser();
      assertEquals(1, counter(user.get(counter).json()));
      assertEquals(1, counter(leaving.get(counter).json()));
      String leftId = leaving.cookie("JSESSIONID");
      Browser createdInOutage = new Browser();
      redis.node().kill();
      try {
        assertEquals(2, counter(user.get(counter).json()), "queued");
        assertEquals(1, counter(createdInOutage.get(counter).json()), "held only here");
        leaving.get(node.baseUrl() + "/app/logout");
        node.stop();
        Path stash = node.base().resolve("work/Catalina/localhost/app/handoff-sessions.stash");
        assertTrue(Files.exists(stash), "kept in the work directory\n" + node.logTail());
        assertFalse(new String(Files.readAllBytes(stash), java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains(user.cookie("JSESSIONID")), "sealed: no session id in clear");
        node.start();
        assertFalse(Files.exists(stash), "taken up and deleted\n" + node.logTail());
        assertEquals(3, counter(user.get(counter).json()), "the session survived the stop\n" + node.logTail());
        assertEquals(2, counter(createdInOutage.get(counter).json()), "and so did the one Redis never saw");
        assertEquals(1, counter(new Browser().setCookie("JSESSIONID", leftId).get(counter).json()),
            "the logged-out session stays logged out: its old cookie gets a new session");
      } finally {
        redis.node().start();
      }
      try (CountersInRedis inRedis = new CountersInRedis(redis.uri())) {
        Map<String, Object> seen = inRedis.await(Map.of(user.cookie("JSESSIONID"), 3,
            createdInOutage.cookie("JSESSIONID"), 2));
        assertEquals(3, seen.get(user.cookie("JSESSIONID")),
            "the changes from before and after the restart are in Redis\n" + node.logTail());
        assertEquals(2, seen.get(createdInOutage.cookie("JSESSIONID")), "the session created during the outage is in Redis");
        assertTrue(!inRedis.exists(leftId), "the logout made before the stop is applied in Redis (queued first)");
      }
      String log = QueueBoundIT.logs(node);
      assertTrue(!log.contains("queued session changes were not written"), log);
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
