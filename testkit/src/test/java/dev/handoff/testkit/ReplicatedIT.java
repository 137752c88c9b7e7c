package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicatedIT {

  @Test
  void start_onePrimaryTwoReplicas_replicatingWithEqualOffsets() {
    try (ReplicatedRedis redis = Redis.replicated(2).start()) {
      assertEquals("master", redis.primary().role());
      assertEquals(2, redis.replicas().size());
      for (RedisNode replica : redis.replicas()) {
        assertEquals("slave", replica.role());
      }
      try (RespClient primary = redis.primary().client()) {
        primary.call("SET", "k", "v1");
        assertEquals(2L, primary.integer("WAIT", "2", "5000"), "both replicas acknowledge");
        redis.awaitReplicated();
        String offset = primary.info("replication", "master_repl_offset");
        for (RedisNode replica : redis.replicas()) {
          try (RespClient r = replica.client()) {
            assertEquals("v1", r.string("GET", "k"));
            assertEquals(offset, r.info("replication", "slave_repl_offset"));
            RedisErrorReply e = assertThrows(RedisErrorReply.class, () -> r.call("SET", "k", "x"));
            assertEquals("READONLY", e.code());
          }
        }
      }
    }
  }

  @Test
  void killPrimary_promoteReplica_othersFollowTheNewPrimary_andOldOneRejoins() {
    try (ReplicatedRedis redis = Redis.replicated(2).start()) {
      RedisNode oldPrimary = redis.primary();
      try (RespClient c = oldPrimary.client()) {
        c.call("SET", "before", "1");
        c.integer("WAIT", "2", "5000");
      }
      oldPrimary.kill();
      RedisNode chosen = redis.replicas().get(0);
      redis.promote(chosen);
      assertEquals(chosen, redis.primary());
      assertEquals("master", chosen.role());
      try (RespClient c = chosen.client()) {
        assertEquals("1", c.string("GET", "before"), "acknowledged write survives the failover");
        c.call("SET", "after", "2");
        assertEquals(1L, c.integer("WAIT", "1", "5000"), "the other replica follows the new primary");
      }
      RedisNode other = redis.replicas().stream().filter(n -> n != oldPrimary).findFirst().orElseThrow();
      List<?> role = (List<?>) other.admin("ROLE");
      assertEquals((long) chosen.port(), role.get(2));

      redis.rejoin(oldPrimary);
      assertEquals("slave", oldPrimary.role());
      redis.awaitReplicated();
      try (RespClient c = oldPrimary.client()) {
        assertEquals("2", c.string("GET", "after"));
      }
      assertNotEquals(oldPrimary, redis.primary());
      assertTrue(redis.replicas().contains(oldPrimary));
    }
  }
}
