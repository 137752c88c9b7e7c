package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterIT {

  @Test
  void start_threeShardsWithOneReplicaEach_coverAllSlots() {
    try (RedisCluster cluster = Redis.cluster(3, 1).start()) {
      assertEquals(6, cluster.nodes().size());
      List<RedisNode> primaries = cluster.primaries();
      assertEquals(3, primaries.size());
      for (RedisNode primary : primaries) {
        assertEquals(1, cluster.replicasOf(primary).size(), "one replica for " + primary);
      }
      try (RespClient c = cluster.nodes().get(0).client()) {
        String info = c.string("CLUSTER", "INFO");
        assertTrue(info.contains("cluster_state:ok"), info);
        assertTrue(info.contains("cluster_slots_assigned:16384"), info);
        assertTrue(info.contains("cluster_known_nodes:6"), info);
        assertTrue(info.contains("cluster_size:3"), info);
        BitSet covered = new BitSet();
        for (Object range : (List<?>) c.call("CLUSTER", "SLOTS")) {
          List<?> r = (List<?>) range;
          covered.set(((Long) r.get(0)).intValue(), ((Long) r.get(1)).intValue() + 1);
          assertEquals(4, r.size(), "a primary and one replica serve each range");
        }
        assertEquals(RedisCluster.SLOTS, covered.cardinality());
      }
    }
  }

  @Test
  void keys_routeToTheirSlotsPrimary_andFailoverPromotesItsReplica() {
    try (RedisCluster cluster = Redis.cluster(3, 1).start()) {
      int slot;
      try (RespClient c = cluster.nodes().get(0).client()) {
        slot = (int) c.integer("CLUSTER", "KEYSLOT", "{session-42}:data");
      }
      RedisNode owner = cluster.primaryOf(slot);
      try (RespClient c = owner.client()) {
        c.call("SET", "{session-42}:data", "v");
        c.integer("WAIT", "1", "5000");
      }
      RedisNode other = cluster.primaries().stream().filter(n -> n != owner).findFirst().orElseThrow();
      try (RespClient c = other.client()) {
        RedisErrorReply e = assertThrows(RedisErrorReply.class, () -> c.call("GET", "{session-42}:data"));
        assertEquals("MOVED", e.code());
      }

      RedisNode replica = cluster.replicasOf(owner).get(0);
      cluster.failover(replica);

      assertEquals(replica, cluster.primaryOf(slot));
      assertNotEquals(owner, cluster.primaryOf(slot));
      try (RespClient c = replica.client()) {
        assertEquals("v", c.string("GET", "{session-42}:data"));
      }
    }
  }

  @Test
  void killPrimary_clusterFailsOverByItself() {
    try (RedisCluster cluster = Redis.cluster(3, 1).start()) {
      RedisNode primary = cluster.primaryOf(0);
      RedisNode replica = cluster.replicasOf(primary).get(0);
      primary.kill();
      cluster.awaitPrimary(replica);
      assertEquals(replica, cluster.primaryOf(0));
    }
  }
}
