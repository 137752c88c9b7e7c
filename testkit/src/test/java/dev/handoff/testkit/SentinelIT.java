package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelIT {

  @Test
  void start_threeSentinelsAgreeOnThePrimary_andFailoverPromotesTheReplica() {
    try (SentinelRedis redis = Redis.sentinel(3, 1).start()) {
      assertEquals(3, redis.sentinels().size());
      RedisNode primary = redis.primary();
      assertEquals("master", primary.role());
      for (RedisNode sentinel : redis.sentinels()) {
        assertEquals("sentinel", sentinel.role());
        List<?> address = (List<?>) sentinel.admin("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SentinelRedis.MASTER_NAME);
        assertEquals(Integer.toString(primary.port()), address.get(1));
        assertEquals(1, ((List<?>) sentinel.admin("SENTINEL", "REPLICAS", SentinelRedis.MASTER_NAME)).size());
        assertEquals(2, ((List<?>) sentinel.admin("SENTINEL", "SENTINELS", SentinelRedis.MASTER_NAME)).size());
      }
      try (RespClient c = primary.client()) {
        c.call("SET", "k", "v");
        assertEquals(1L, c.integer("WAIT", "1", "5000"));
      }

      RedisNode promoted = redis.failover();

      assertNotEquals(primary, promoted);
      assertEquals("master", promoted.role());
      try (RespClient c = promoted.client()) {
        assertEquals("v", c.string("GET", "k"));
      }
      for (RedisNode sentinel : redis.sentinels()) {
        List<?> address = (List<?>) sentinel.admin("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SentinelRedis.MASTER_NAME);
        assertEquals(Integer.toString(promoted.port()), address.get(1));
      }
    }
  }

  @Test
  void killPrimary_sentinelsPromoteTheReplicaByThemselves() {
    try (SentinelRedis redis = Redis.sentinel(3, 1).start()) {
      RedisNode primary = redis.primary();
      primary.kill();
      RedisNode promoted = redis.awaitNewPrimary(primary);
      assertNotEquals(primary, promoted);
      assertEquals("master", promoted.role());
    }
  }
}
