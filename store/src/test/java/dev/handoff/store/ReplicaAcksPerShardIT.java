package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, test 5 at the store (G8 per shard): a 3-shard cluster, one replica a shard, with
 * syncReplicas=1. The replica of the shard that holds a session is frozen, so it acknowledges
 * nothing. A create, a save that moves the session in the expiry index, and a logout of that
 * session each write to two shards (the session's, and its index bucket's); each must count only
 * the session shard's replica, and so fail (syncFailure=fail). Before, the acknowledgements of the
 * two shards were summed and the index shard's replica stood in for the frozen one; a logout did
 * not wait for replicas at all.
 */
class ReplicaAcksPerShardIT {

  @Test
  void frozenReplicaOfTheSessionsShard_failsCreateSaveAndLogout_evenWhenTheIndexShardAcknowledges() {
    try (RedisCluster cluster = Redis.cluster(3, 1).start()) {
      StoreConfig config = StoreTopologies.configFor(cluster).syncReplicas(1).syncTimeout(Duration.ofMillis(300))
          .syncFailure(StoreConfig.SyncFailure.FAIL).build();
      try (SessionStore store = SessionStore.open(config)) {
        Keys keys = ((RedisSessionStore) store).keys();
        String id = null;
        RedisNode sessionShard = null;
        for (int i = 0; id == null; i++) { // a session whose index bucket lives on another shard
          String candidate = "per-shard-" + i;
          RedisNode own = cluster.primaryOf(slot(cluster, keys.session(keys.digest(candidate))));
          RedisNode index = cluster.primaryOf(slot(cluster, keys.bucketOf(keys.digest(candidate))));
          if (own != index) {
            id = candidate;
            sessionShard = own;
          }
        }
        long now = System.currentTimeMillis();
        SessionRecord record = new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("counter", new byte[] {1}));
        RedisNode replica = cluster.replicasOf(sessionShard).get(0);
        String written = id;
        store.create(new SessionRecord("warm-up", now, now, 1800, 0, "n", null, null, Map.of()),
            SessionStore.newCreateToken()); // connections up, replicas answering
        replica.freeze();
        try {
          IllegalStateException create = assertThrows(IllegalStateException.class,
              () -> store.create(record, SessionStore.newCreateToken()), "the create counts the frozen replica's silence");
          assertTrue(create.getMessage().contains("0 of 1 replicas"), create.getMessage());
          IllegalStateException save = assertThrows(IllegalStateException.class, () -> store.save(written,
              SessionChange.builder().set("counter", new byte[] {2}).maxInactiveSeconds(900).lastAccessedTime(now).build()),
              "a save that moves the session in the index");
          assertTrue(save.getMessage().contains("0 of 1 replicas"), save.getMessage());
          IllegalStateException logout = assertThrows(IllegalStateException.class, () -> store.delete(written),
              "a logout waits for replicas like a save");
          assertTrue(logout.getMessage().contains("0 of 1 replicas"), logout.getMessage());
        } finally {
          replica.thaw();
        }
        assertEquals(false, store.exists(id), "the logout is on the primary all the same");
      }
    }
  }

  private static int slot(RedisCluster cluster, String key) {
    return ((Long) cluster.primaries().get(0).admin("CLUSTER", "KEYSLOT", key)).intValue();
  }
}
