package dev.handoff.store;

import static dev.handoff.store.RedisConnectionsIT.config;
import static dev.handoff.store.RedisConnectionsIT.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.ReplicatedRedis;
import dev.handoff.testkit.SentinelRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RBucket;
import org.redisson.client.codec.StringCodec;

/** Connecting to a primary with replicas, to Sentinels, and to a cluster. */
class RedisConnectionsTopologiesIT {

  @RegisterExtension
  static final RedisExtension<ReplicatedRedis> REPLICATED = RedisExtension.of(Redis.replicated(2));

  @RegisterExtension
  static final RedisExtension<SentinelRedis> SENTINEL = RedisExtension.of(Redis.sentinel(3, 1));

  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER = RedisExtension.of(Redis.cluster(3, 1));

  @Test
  void acquire_replicatedGivenEveryNode_writesToThePrimaryAndFollowsAPromotion() throws InterruptedException {
    ReplicatedRedis redis = REPLICATED.topology();
    String[] addresses = redis.dataNodes().stream().map(RedisNode::uri).toArray(String[]::new);
    StoreConfig config = config("/replicated", addresses).topology(StoreConfig.Topology.REPLICATED)
        .failFast(true).build();

    try (RedisConnection connection = RedisConnections.acquire(config)) {
      roundTrip(connection.client(), "handoff:test:replicated");
      assertEquals("value of handoff:test:replicated", redis.primary().client().string("GET", "handoff:test:replicated"));

      RedisNode promoted = redis.replicas().get(0);
      redis.promote(promoted);
      RBucket<String> bucket = connection.client().getBucket("handoff:test:promoted", StringCodec.INSTANCE);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (true) {
        try {
          bucket.set("after promotion");
          if ("after promotion".equals(promoted.client().string("GET", "handoff:test:promoted"))) {
            break;
          }
        } catch (RuntimeException e) {
          // READONLY from the old primary until Redisson's role scan sees the new one
        }
        assertTrue(System.nanoTime() < deadline, "writes never reached the promoted node " + promoted);
        Thread.sleep(200);
      }
    }
  }

  @Test
  void acquire_sentinelAddresses_findsThePrimaryByMasterName() {
    SentinelRedis redis = SENTINEL.topology();
    String[] sentinels = redis.sentinelAddresses().stream().map(a -> "redis://" + a).toArray(String[]::new);
    StoreConfig config = config("/sentinel", sentinels).topology(StoreConfig.Topology.SENTINEL)
        .sentinelMaster(SentinelRedis.MASTER_NAME).failFast(true).build();

    try (RedisConnection connection = RedisConnections.acquire(config)) {
      roundTrip(connection.client(), "handoff:test:sentinel");
      assertEquals("value of handoff:test:sentinel", redis.primary().client().string("GET", "handoff:test:sentinel"));
    }
  }

  @Test
  void acquire_clusterSeedNode_keysInSeveralSlots() {
    RedisCluster redis = CLUSTER.topology();
    StoreConfig config = config("/cluster", redis.uris().get(0)).topology(StoreConfig.Topology.CLUSTER)
        .failFast(true).build();

    try (RedisConnection connection = RedisConnections.acquire(config)) {
      for (int i = 0; i < 30; i++) {
        roundTrip(connection.client(), "handoff:{test" + i + "}:k");
      }
    }
    long primariesWithKeys = redis.primaries().stream()
        .filter(primary -> primary.client().integer("DBSIZE") > 0).count();
    assertTrue(primariesWithKeys >= 2, "keys reached " + primariesWithKeys + " shard(s)");
  }

  @Test
  void acquire_clusterReadFromReplica_roundTrip() {
    StoreConfig config = config("/cluster-replica", CLUSTER.topology().uris().toArray(String[]::new))
        .topology(StoreConfig.Topology.CLUSTER).readFrom(StoreConfig.ReadFrom.REPLICA).build();

    try (RedisConnection connection = RedisConnections.acquire(config)) {
      RBucket<String> bucket = connection.client().getBucket("handoff:{replica}:k", StringCodec.INSTANCE);
      bucket.set("v");
      assertTrue(List.of("v").contains(awaitReplicaRead(bucket)));
    }
  }

  /** Replication is asynchronous: a read from a replica may not see the write at once. */
  private static String awaitReplicaRead(RBucket<String> bucket) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String value;
    while ((value = bucket.get()) == null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return value;
  }
}
