package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisNode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, test 9 on a cluster: one shard restarts empty (no replica, no persistence) while the
 * others keep their data. The store keeps a data marker on each shard, so the loss is found (in the
 * background within a few seconds) even when the shard that lost its data is not the one that held
 * the single marker of before (the shard chosen here is not), and the listeners are told once.
 */
class ClusterDataLossIT {

  @Test
  void oneShardRestartsEmpty_theLossIsFoundOnce() throws Exception {
    try (RedisCluster redis = Redis.cluster(3, 0).start()) {
      StoreConfig config = StoreTopologies.configFor(redis).build();
      String singleMarker = new Keys(config).marker(); // the one key of before, on one shard
      RedisNode markerShard = redis.primaryOf(SlotTags.crc16(singleMarker.getBytes(
          java.nio.charset.StandardCharsets.UTF_8)) % 16384);
      RedisNode victim = redis.primaries().stream().filter(p -> p != markerShard).findFirst().orElseThrow();
      AtomicInteger losses = new AtomicInteger();
      try (SessionStore store = SessionStore.open(config)) {
        store.addDataLossListener(losses::incrementAndGet);
        store.exists("a-session-nobody-has"); // Redis answers: the markers are written
        Thread.sleep(6_000); // one background check: nothing lost
        assertEquals(0, losses.get(), "no loss while every shard keeps its data");

        victim.kill();
        victim.start(); // no persistence: back with its slots and no keys
        redis.awaitHealthy();
        long deadline = System.currentTimeMillis() + 30_000;
        while (losses.get() == 0 && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        assertEquals(1, losses.get(), "the shard that came back empty was noticed");
        Thread.sleep(6_000);
        assertEquals(1, losses.get(), "once: the new marker is what the next checks see");
        assertTrue(store.state() == SessionStore.State.UP);
      }
    }
  }
}
