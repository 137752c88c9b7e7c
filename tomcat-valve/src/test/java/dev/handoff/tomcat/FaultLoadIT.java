package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.FaultLoadChecker;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.ReplicatedRedis;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, test 10, the short schedule: 8 clients increment their counters on two non-sticky
 * Tomcat 11 nodes for 20 s while the Redis primary is killed (-9) and a replica promoted, and the
 * old primary later rejoins as a replica. With syncReplicas=1, syncFailure=fail and
 * failurePolicy=fail, a request is answered 200 only when its write is on the primary and a
 * replica: so no acknowledged increment may be lost and no session reset. The long schedules are in
 * bin/bench-faults.
 */
class FaultLoadIT {

  @Test
  void primaryKilledAndReplicaPromotedUnderLoad_noAcknowledgedIncrementLost() throws Exception {
    try (ReplicatedRedis redis = Redis.replicated(2).start()) {
      Map<String, String> attributes = new LinkedHashMap<>(HandoffSettings.forTopology(redis));
      attributes.put("syncReplicas", "1");
      attributes.put("syncFailure", "fail");
      attributes.put("failurePolicy", "fail");
      attributes.put("commandTimeout", "1s");
      try (TomcatFleet fleet = TomcatFleet.start("11", 2, attributes)) {
        RedisNode first = redis.primary();
        FaultLoadChecker.Report report = new FaultLoadChecker(List.of(fleet.url(0, ""), fleet.url(1, "")), 8,
            Duration.ofSeconds(20), false)
            .fault(Duration.ofSeconds(6), "primary killed (-9), a replica promoted", () -> {
              first.kill();
              redis.promote(redis.replicas().stream().filter(RedisNode::isRunning).findFirst().orElseThrow());
            })
            .fault(Duration.ofSeconds(13), "the old primary rejoins as a replica", () -> redis.rejoin(first))
            .settle(Duration.ofSeconds(5))
            .run();
        System.out.println("fault-load, replicated, non-sticky: " + report);
        assertEquals(2, report.faultsRun().stream().filter(f -> !f.contains("FAILED")).count(), report.toString());
        assertTrue(report.acknowledged() > 100, "the load went on: " + report);
        assertTrue(report.nothingLost(), report + "\n" + fleet.logs());
        assertEquals(0, report.behind(), "no answer missed an acknowledged increment: " + report);
      }
    }
  }
}
