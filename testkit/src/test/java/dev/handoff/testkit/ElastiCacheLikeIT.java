package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElastiCacheLikeIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS =
      RedisExtension.of(Redis.standalone().elastiCacheRestrictions());

  @ParameterizedTest
  @ValueSource(strings = {"CONFIG GET maxmemory-policy", "SHUTDOWN", "SAVE", "BGSAVE", "BGREWRITEAOF",
      "DEBUG SLEEP 0", "MIGRATE 127.0.0.1 1 k 0 1000", "REPLICAOF NO ONE", "SLAVEOF NO ONE", "SYNC"})
  void restrictedCommand_isRefusedAsUnknown(String command) {
    try (RespClient c = REDIS.topology().client()) {
      RedisErrorReply e = assertThrows(RedisErrorReply.class, () -> c.call(command.split(" ")));
      assertEquals("ERR", e.code());
      assertTrue(e.getMessage().contains("unknown command"), e.getMessage());
    }
  }

  @Test
  void ordinaryCommands_work_andTheKitStillReachesItsOwnOperations() {
    try (RespClient c = REDIS.topology().client()) {
      assertEquals("OK", c.string("SET", "k", "v"));
      assertEquals(1L, c.integer("EXISTS", "k"));
    }
    assertEquals("master", REDIS.topology().node().role());
    assertEquals("noeviction",
        ((java.util.List<?>) REDIS.topology().node().admin("CONFIG", "GET", "maxmemory-policy")).get(1));
  }
}
