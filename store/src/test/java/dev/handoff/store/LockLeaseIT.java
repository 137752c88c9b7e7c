package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14: a session lock outlives its lease while its holder runs (renewed), and a holder that
 * lost its lock anyway (the key expired or was removed, another request took it) finds out at
 * release, says so, and frees nothing of the new holder's.
 */
class LockLeaseIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static StoreConfig.Builder config(String namespace) {
    return StoreTopologies.configFor(REDIS.topology()).namespace(namespace).lockLease(Duration.ofMillis(300))
        .lockWait(Duration.ZERO);
  }

  @Test
  void aRequestSlowerThanTheLease_keepsItsLock() throws Exception {
    String namespace = "lease-renewed-" + System.nanoTime();
    try (SessionStore nodeA = SessionStore.open(config(namespace).build());
        SessionStore nodeB = SessionStore.open(config(namespace).build())) {
      SessionLock held = nodeA.lock("slow-request").orElseThrow();
      Thread.sleep(1200); // four leases
      assertTrue(nodeB.lock("slow-request").isEmpty(), "still held by the slow request: its lease was renewed");
      held.close();
      assertFalse(held.lost());
      nodeB.lock("slow-request").orElseThrow().close();
    }
  }

  @Test
  void aLockLostWhileHeld_isReportedAtRelease_andTheNewHolderKeepsIt() throws Exception {
    String namespace = "lease-lost-" + System.nanoTime();
    try (SessionStore nodeA = SessionStore.open(config(namespace).build());
        SessionStore nodeB = SessionStore.open(config(namespace).build());
        RespClient redis = REDIS.topology().node().client()) {
      SessionLock first = nodeA.lock("lost-lock").orElseThrow();
      Keys keys = ((RedisSessionStore) nodeA).keys();
      assertEquals(1, redis.integer("DEL", keys.lock(keys.digest("lost-lock"))), "the lock key, removed under its holder");
      SessionLock second = nodeB.lock("lost-lock").orElseThrow();
      first.close();
      assertTrue(first.lost(), "the first holder found out that it lost the lock");
      assertTrue(nodeA.lock("lost-lock").isEmpty(), "its release did not free the second holder's lock");
      Thread.sleep(600); // two of the second holder's leases: renewed, not taken over
      assertTrue(nodeA.lock("lost-lock").isEmpty(), "the second holder still holds it");
      second.close();
      assertFalse(second.lost());
    }
  }
}
