package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, test 8: the context is reloaded (as an admin or a redeploy of classes does) while Redis
 * is down. The sessions held and the changes queued survive the reload: the user keeps the session
 * (before, the reload logged "1 queued session changes were not written" and the user got a new,
 * empty session), the change reaches Redis once it is back, and the outage lines go on after it.
 */
class ReloadDuringOutageIT {

  @Test
  void reloadWhileRedisIsDown_keepsTheSessionsAndTheQueue_andWritesThemWhenRedisReturns() throws Exception {
    int jmxPort = JmxIT.freePort();
    try (StandaloneRedis redis = Redis.standalone().appendOnly().start();
        TomcatNode node = JmxIT.nodeWithJmx(Map.of("address", redis.uri(), "commandTimeout", "1s",
            "retryAttempts", "0"), jmxPort)) {
      node.start();
      Browser user = new Browser();
      assertEquals(1, counter(user.get(node.baseUrl() + "/app/counter?format=json").json()));
      Browser createdInOutage = new Browser();
      redis.node().kill();
      try {
        assertEquals(2, counter(user.get(node.baseUrl() + "/app/counter?format=json").json()), "queued");
        assertEquals(1, counter(createdInOutage.get(node.baseUrl() + "/app/counter?format=json").json()),
            "a session created during the outage, held only here");
        reload(jmxPort);
        assertEquals(3, counter(user.get(node.baseUrl() + "/app/counter?format=json").json()),
            "the session survived the reload during the outage\n" + node.logTail());
        assertEquals(2, counter(createdInOutage.get(node.baseUrl() + "/app/counter?format=json").json()),
            "and so did the one Redis never saw\n" + node.logTail());
      } finally {
        redis.node().start();
      }
      try (CountersInRedis inRedis = new CountersInRedis(redis.uri())) {
        Map<String, Object> seen = inRedis.await(Map.of(user.cookie("JSESSIONID"), 3,
            createdInOutage.cookie("JSESSIONID"), 2));
        assertEquals(3, seen.get(user.cookie("JSESSIONID")),
            "the changes made before and after the reload are in Redis\n" + node.logTail());
        assertEquals(2, seen.get(createdInOutage.cookie("JSESSIONID")), "the session created during the outage is in Redis");
      }
      String log = QueueBoundIT.logs(node);
      assertTrue(!log.contains("queued session changes were not written"), log);
      int reload = log.indexOf("sessions held before it are held again");
      assertTrue(reload > 0 && log.indexOf("Redis answers again", reload) > reload,
          "the recovery is logged after the reload\n" + log);
    }
  }

  /**
   * A change the full queue could not take stays in the node's copy as not written; a reload during
   * the outage keeps it as such, and it reaches Redis once Redis is back.
   */
  @Test
  void reloadWhileTheQueueIsFull_keepsTheChangeNotQueued_andWritesItWhenRedisReturns() throws Exception {
    int jmxPort = JmxIT.freePort();
    try (StandaloneRedis redis = Redis.standalone().appendOnly().start();
        TomcatNode node = JmxIT.nodeWithJmx(Map.of("address", redis.uri(), "commandTimeout", "1s",
            "retryAttempts", "0", "maxQueuedBytes", "65536"), jmxPort)) {
      node.start();
      Browser user = new Browser();
      assertEquals(1, counter(user.get(node.baseUrl() + "/app/counter?format=json").json()));
      redis.node().kill();
      try {
        int status = 200;
        for (int i = 0; i < 500 && status == 200; i++) { // sessions created meanwhile fill the 64 KiB
          status = new Browser().get(node.baseUrl() + "/app/hold?list=cart&size=2000&format=json").status();
        }
        assertEquals(503, status, "the queue is full\n" + node.logTail());
        assertEquals(2, counter(user.get(node.baseUrl() + "/app/counter?format=json").json()),
            "kept in the node's copy, not queued");
        reload(jmxPort);
      } finally {
        redis.node().start();
      }
      try (CountersInRedis inRedis = new CountersInRedis(redis.uri())) {
        assertEquals(2, inRedis.await(Map.of(user.cookie("JSESSIONID"), 2)).get(user.cookie("JSESSIONID")),
            "the change the full queue could not take is in Redis after the reload\n" + node.logTail());
      }
    }
  }

  /** Reloads the context /app through JMX, as an admin's reload or a redeploy of classes does. */
  private static void reload(int jmxPort) throws Exception {
    try (JMXConnector connector = JmxIT.connect(jmxPort)) {
      connector.getMBeanServerConnection().invoke(new ObjectName(
          "Catalina:j2eeType=WebModule,name=//localhost/app,J2EEApplication=none,J2EEServer=none"), "reload", null, null);
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
