package dev.handoff.store;

import static dev.handoff.store.RedisConnectionsIT.config;
import static dev.handoff.store.RedisConnectionsIT.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

/** An ACL user limited to the key prefix, and a server refusing what ElastiCache refuses. */
class RedisConnectionsRestrictedIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> ACL = RedisExtension.of(Redis.standalone().name("acl")
      .aclUser("app", "app-password", "handoff:"));

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> ELASTICACHE = RedisExtension.of(Redis.standalone().name("elasticache")
      .elastiCacheRestrictions());

  @Test
  void acquire_aclUserLimitedToPrefix_worksUnderThePrefixAndSkipsTheMemoryCheck() {
    StoreConfig config = config("/acl", ACL.topology().uri()).username("app").password("app-password")
        .failFast(true).build();

    try (ConnectionLogCapture log = ConnectionLogCapture.start();
        RedisConnection connection = RedisConnections.acquire(config)) {
      roundTrip(connection.client(), "handoff:test:acl");
      assertEquals(1, log.lines("INFO", "[/acl]", "INFO refused").size(), log.text());
      assertEquals(List.of(), log.lines("WARN", "[/acl]"), log.text());
      RuntimeException outside = assertThrows(RuntimeException.class,
          () -> connection.client().getBucket("other:k", StringCodec.INSTANCE).set("v"));
      assertTrue(String.valueOf(outside.getMessage()).contains("NOPERM"), outside.toString());
    }
  }

  @Test
  void acquire_wrongPasswordFailFast_failsNamingTheAddress() {
    StoreConfig config = config("/acl-bad", ACL.topology().uri()).username("app").password("wrong").failFast(true).build();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisConnections.acquire(config));

    assertTrue(e.getMessage().contains(ACL.topology().uri()), e.getMessage());
    assertTrue(!e.getMessage().contains("wrong"), "the password must not appear: " + e.getMessage());
  }

  @Test
  void acquire_elastiCacheLikeServer_sendsNothingItRefuses() {
    StandaloneRedis redis = ELASTICACHE.topology();
    redis.node().admin("CONFIG", "RESETSTAT");
    StoreConfig config = config("/elasticache", redis.uri()).failFast(true).build();

    try (ConnectionLogCapture log = ConnectionLogCapture.start();
        RedisConnection connection = RedisConnections.acquire(config)) {
      for (int i = 0; i < 5; i++) {
        roundTrip(connection.client(), "handoff:test:ec" + i);
      }
      connection.client().getBucket("handoff:test:ec0", StringCodec.INSTANCE).delete();
      assertEquals(List.of(), log.lines("WARN", "[/elasticache]"), log.text());
    }
    String errors = String.valueOf(redis.node().admin("INFO", "errorstats"));
    assertTrue(errors.lines().noneMatch(line -> line.startsWith("errorstat_")), "error replies: " + errors);
    String commands = String.valueOf(redis.node().admin("INFO", "commandstats"));
    assertTrue(commands.lines().noneMatch(line -> line.matches("cmdstat_(keys|config\\|(?!resetstat)).*")), commands);
  }
}
