package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the memory held for Redis while it is down is bounded by maxQueuedBytes, on real
 * Tomcat. Sessions created during the outage count; when the bound is reached new sessions get
 * 503 and the sessions held keep working; one log line opens the episode and one closes it; when
 * Redis returns, the sessions created meanwhile are written without waiting for their next
 * request, and new sessions are accepted again.
 */
class QueueBoundIT {

  @Test
  void sessionsCreatedDuringAnOutage_areBounded_thenRefusedWith503_andWrittenWhenRedisReturns() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "commandTimeout", "1s",
            "retryAttempts", "0", "maxQueuedBytes", "65536"))) {
      Browser held = new Browser();
      assertEquals(1, counter(held.get(fleet.url(0, "/counter?format=json")).json()));
      redis.node().kill();
      List<Browser> createdInOutage = new ArrayList<>();
      int status = 200;
      for (int i = 0; i < 500 && status == 200; i++) {
        Browser browser = new Browser();
        status = browser.get(fleet.url(0, "/hold?list=cart&size=2000&format=json")).status();
        if (status == 200) {
          createdInOutage.add(browser);
        }
      }
      assertEquals(503, status, "new sessions are refused once 64 KiB are held\n" + fleet.logs());
      assertTrue(createdInOutage.size() >= 10 && createdInOutage.size() <= 40,
          createdInOutage.size() + " sessions of 2 kB created before the 64 KiB bound refused the next");
      assertEquals(503, new Browser().get(fleet.url(0, "/counter?format=json")).status(), "still refused");
      assertEquals(200, new Browser().get(fleet.url(0, "/nosession")).status(), "pages without a session still work");
      assertEquals(2, counter(held.get(fleet.url(0, "/counter?format=json")).json()), "a session held keeps working");
      assertEquals(200, createdInOutage.get(0).get(fleet.url(0, "/hold?read=cart&format=json")).status(),
          "a session created during the outage keeps working");

      redis.node().start();
      long deadline = System.currentTimeMillis() + 30_000;
      int fresh = 503;
      while (fresh != 200 && System.currentTimeMillis() < deadline) {
        Thread.sleep(250);
        fresh = new Browser().get(fleet.url(0, "/counter?format=json")).status();
      }
      assertEquals(200, fresh, "new sessions are accepted once Redis is back\n" + fleet.logs());
      Browser last = createdInOutage.get(createdInOutage.size() - 1);
      Map<String, Object> onB = null;
      while (System.currentTimeMillis() < deadline) {
        onB = new Browser().setCookie("JSESSIONID", last.cookie("JSESSIONID"))
            .get(fleet.url(1, "/hold?read=cart&format=json")).json();
        if (Boolean.TRUE.equals(onB.get("read"))) {
          break;
        }
        Thread.sleep(250);
      }
      assertEquals(Boolean.TRUE, onB.get("read"), "the session created during the outage reached Redis without a"
          + " request of its own: node B reads it\n" + fleet.logs());
      String log = logs(fleet.node(0));
      assertEquals(1, occurrences(log, "new sessions are refused (503)"), "one line opens the episode\n" + log);
      assertEquals(1, occurrences(log, "new sessions are accepted again"), "one line closes it\n" + log);
      assertTrue(log.contains("Redis answers again: ") && log.contains(" sessions held in memory were written"), log);
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }

  /** Every line of the node's catalina log. */
  static String logs(TomcatNode node) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(node.base().resolve("logs"))) {
      // catalina.*.log only: Tomcat's console handler copies each line to process.log too
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("catalina.")).sorted().toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }

  static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
