package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.ReplicatedRedis;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 (G8) on real Tomcat: with syncReplicas=1 and syncFailure=fail, a request whose write no
 * replica acknowledged fails with 503 before its response is sent: a change, and a logout. Before,
 * the failure was logged after the response had gone out as 200. Without syncFailure=fail the same
 * requests answer 200 and a warning is logged.
 */
class SyncFailureIT {

  @Test
  void noReplicaAcknowledges_theRequestFailsWith503_orIsLoggedWithoutSyncFailureFail() throws Exception {
    try (ReplicatedRedis redis = Redis.replicated(1).start()) {
      Map<String, String> attributes = new LinkedHashMap<>(HandoffSettings.forTopology(redis));
      attributes.put("syncReplicas", "1");
      attributes.put("syncTimeout", "300ms");
      Map<String, String> failing = new LinkedHashMap<>(attributes);
      failing.put("syncFailure", "fail");
      RedisNode replica = redis.replicas().get(0);
      try (TomcatFleet fleet = TomcatFleet.start("11", 1, failing)) {
        Browser user = new Browser();
        assertEquals(1, counter(user.get(fleet.url(0, "/counter?format=json")).json()));
        replica.freeze();
        try {
          assertEquals(503, user.get(fleet.url(0, "/counter?format=json")).status(),
              "a change no replica acknowledged\n" + fleet.logs());
          assertEquals(503, user.get(fleet.url(0, "/logout?format=json")).status(), "a logout no replica acknowledged");
        } finally {
          replica.thaw();
        }
        assertTrue(fleet.logs().contains("0 of 1 replicas acknowledged the write"), fleet.logs());
      }
      try (TomcatFleet fleet = TomcatFleet.start("11", 1, attributes)) {
        Browser user = new Browser();
        assertEquals(1, counter(user.get(fleet.url(0, "/counter?format=json")).json()));
        replica.freeze();
        try {
          assertEquals(2, counter(user.get(fleet.url(0, "/counter?format=json")).json()), "warned, not failed");
        } finally {
          replica.thaw();
        }
        assertTrue(fleet.logs().contains("0 of 1 replicas acknowledged the write"), fleet.logs());
      }
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
