package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.ReplicatedRedis;
import dev.handoff.testkit.SentinelRedis;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * G8: with syncReplicas = 1 every acknowledged save reached a replica, so killing the primary
 * (kill -9) and promoting a replica loses none of 1,000 sessions, in each replicated topology.
 */
class FailoverIT {

  private static final int SESSIONS = 1000;

  @Test
  void replicated_killPrimary_promoteReplica_allSessionsSurvive() throws Exception {
    try (ReplicatedRedis redis = Redis.replicated(2).start()) {
      runScenario(redis, () -> {
        RedisNode old = redis.primary();
        old.kill();
        redis.promote(redis.replicas().stream().filter(RedisNode::isRunning).findFirst().orElseThrow());
      });
    }
  }

  @Test
  void sentinel_killPrimary_sentinelsPromote_allSessionsSurvive() throws Exception {
    try (SentinelRedis redis = Redis.sentinel(3, 1).start()) {
      runScenario(redis, () -> {
        RedisNode old = redis.primary();
        old.kill();
        redis.awaitNewPrimary(old);
      });
    }
  }

  @Test
  void cluster_killPrimaries_clusterFailsOver_allSessionsSurvive() throws Exception {
    try (RedisCluster redis = Redis.cluster(3, 1).start()) {
      runScenario(redis, () -> {
        RedisNode primary = redis.primaryOf(0);
        RedisNode replica = redis.replicasOf(primary).get(0);
        primary.kill();
        redis.awaitPrimary(replica);
      });
    }
  }

  private static void runScenario(RedisTopology redis, Runnable failover) throws Exception {
    StoreConfig config = StoreTopologies.configFor(redis).syncReplicas(1).syncTimeout(Duration.ofSeconds(2))
        .syncFailure(StoreConfig.SyncFailure.FAIL).commandTimeout(Duration.ofSeconds(2)).build();
    try (SessionStore store = SessionStore.open(config)) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < SESSIONS; i++) {
        Creates.created(store, new SessionRecord("failover-" + i, now, now, 1800, 0, "n", null, null,
            Map.of("value", ("v" + i).getBytes())));
      }
      failover.run();
      int found = 0;
      for (int i = 0; i < SESSIONS; i++) {
        Optional<SessionRecord> record = loadWithRetry(store, "failover-" + i);
        if (record.isPresent()) {
          assertArrayEquals(("v" + i).getBytes(), record.get().attributes().get("value"));
          found++;
        }
      }
      assertEquals(SESSIONS, found, "acknowledged sessions after the failover");
    }
  }

  /** The client needs a moment to learn the new topology: retry while Redis is reported unreachable. */
  private static Optional<SessionRecord> loadWithRetry(SessionStore store, String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        return store.load(id);
      } catch (StoreUnavailableException | IllegalStateException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
