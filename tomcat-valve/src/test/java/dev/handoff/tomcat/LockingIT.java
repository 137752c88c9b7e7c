package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** locking="all": concurrent requests of one session on two nodes changing the SAME attribute lose nothing. */
class LockingIT {

  @Test
  void lockingAll_concurrentIncrementsOnTwoNodes_allCount() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", redis.uri(), "locking", "all"))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json"));
      String session = browser.cookie("JSESSIONID");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      Future<?>[] runs = new Future<?>[2];
      for (int node = 0; node < 2; node++) {
        int n = node;
        runs[node] = pool.submit(() -> {
          Browser b = new Browser().setCookie("JSESSIONID", session);
          for (int i = 0; i < 15; i++) {
            b.get(fleet.url(n, "/counter?format=json"));
          }
        });
      }
      for (Future<?> run : runs) {
        run.get();
      }
      pool.shutdown();
      Map<String, Object> page = browser.get(fleet.url(1, "/counter?format=json")).json();
      assertEquals(32, ((Number) page.get("counter")).intValue(), "1 + 30 concurrent + 1: no increment lost");
    }
  }
}
