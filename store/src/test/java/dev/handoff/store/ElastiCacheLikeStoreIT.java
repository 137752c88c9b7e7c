package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole contract against a server without the commands ElastiCache refuses: had the store
 * (or Redisson on its behalf) sent one, the server would have counted an error reply.
 */
class ElastiCacheLikeStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone().elastiCacheRestrictions());

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }

  @AfterAll
  static void noRestrictedCommandWasSent() {
    try (RespClient admin = REDIS.topology().client()) {
      // NOSCRIPT is Redisson loading a script on its first EVALSHA; "unknown command" would be ERR.
      String errors = admin.string("INFO", "errorstats");
      assertEquals(List.of(), errors.lines().filter(l -> l.startsWith("errorstat_") && !l.startsWith("errorstat_NOSCRIPT"))
          .toList(), "error replies other than NOSCRIPT: " + errors);
    }
  }
}
