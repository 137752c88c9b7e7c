package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.ReplicatedRedis;
import dev.handoff.testkit.StandaloneRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** syncReplicas: saves wait for replicas, and say so (or fail) when too few acknowledged. */
class SyncReplicasIT {

  @Test
  void replicaAcknowledges_saveReportsIt() {
    try (ReplicatedRedis redis = Redis.replicated(1).start();
        SessionStore store = SessionStore.open(StoreTopologies.configFor(redis).syncReplicas(1).build())) {
      long now = System.currentTimeMillis();
      Creates.created(store, new SessionRecord("s", now, now, 60, 0, "n", null, null, Map.of()));
      SaveResult saved = store.save("s", SessionChange.builder().set("a", new byte[] {1}).build());
      assertEquals(1, saved.replicasAcknowledged());
    }
  }

  @Test
  void noReplicaAcknowledges_warnsByDefault_failsWhenAsked() {
    try (StandaloneRedis redis = Redis.standalone().start()) {
      StoreConfig.Builder config = StoreTopologies.configFor(redis).syncReplicas(1).syncTimeout(Duration.ofMillis(100));
      long now = System.currentTimeMillis();
      try (SessionStore warn = SessionStore.open(config.build())) {
        Creates.created(warn, new SessionRecord("s", now, now, 60, 0, "n", null, null, Map.of()));
        SaveResult saved = warn.save("s", SessionChange.builder().set("a", new byte[] {1}).build());
        assertEquals(SaveResult.Status.SAVED, saved.status());
        assertEquals(0, saved.replicasAcknowledged());
      }
      try (SessionStore fail = SessionStore.open(config.syncFailure(StoreConfig.SyncFailure.FAIL).build())) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> fail.save("s", SessionChange.builder().set("a", new byte[] {2}).build()));
        assertTrue(e.getMessage().contains("0 of 1 replicas acknowledged the write within 100ms (syncFailure = fail)"),
            e.getMessage());
        assertTrue(!e.getMessage().contains("\"s\""), "no session id in the message");
      }
    }
  }
}
