package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** Connecting to one standalone server: sharing, start-up checks, Redis down at start. */
class RedisConnectionsIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private int clientsBefore;

  @BeforeEach
  void countClients() {
    clientsBefore = RedisConnections.openClients();
  }

  @AfterEach
  void noClientLeaks() {
    assertEquals(clientsBefore, RedisConnections.openClients(), "a test left a Redis client open");
  }

  static StoreConfig.Builder config(String namespace, String... addresses) {
    return StoreConfig.builder().namespace(namespace).addresses(List.of(addresses))
        .connectTimeout(Duration.ofSeconds(2)).commandTimeout(Duration.ofSeconds(2));
  }

  static void roundTrip(RedissonClient client, String key) {
    RBucket<String> bucket = client.getBucket(key, StringCodec.INSTANCE);
    bucket.set("value of " + key);
    assertEquals("value of " + key, bucket.get());
  }

  @Test
  void acquire_standalone_roundTrip() {
    try (RedisConnection connection = RedisConnections.acquire(config("/app", REDIS.topology().uri()).build())) {
      roundTrip(connection.client(), "handoff:test:standalone");
      assertEquals("/app", connection.config().namespace());
    }
  }

  @Test
  void acquire_sameIdentity_sharesOneClientUntilLastRelease() {
    StoreConfig shop = config("/shop", REDIS.topology().uri()).build();
    StoreConfig blog = config("/blog", REDIS.topology().uri()).build();
    assertEquals(shop.connectionIdentity(), blog.connectionIdentity());

    RedisConnection first = RedisConnections.acquire(shop);
    RedisConnection second = RedisConnections.acquire(blog);
    RedissonClient client = first.client();
    assertSame(client, second.client());
    assertEquals(clientsBefore + 1, RedisConnections.openClients());

    first.close();
    first.close(); // idempotent: must not release the second handle's reference
    assertEquals(clientsBefore + 1, RedisConnections.openClients());
    roundTrip(second.client(), "handoff:test:shared");

    second.close();
    assertEquals(clientsBefore, RedisConnections.openClients());
    assertTrue(client.isShutdown());
  }

  @Test
  void acquire_differentIdentity_ownClient() {
    try (RedisConnection fast = RedisConnections.acquire(config("/a", REDIS.topology().uri()).build());
        RedisConnection slow = RedisConnections.acquire(config("/b", REDIS.topology().uri())
            .commandTimeout(Duration.ofSeconds(5)).build())) {
      assertNotSame(fast.client(), slow.client());
      assertEquals(clientsBefore + 2, RedisConnections.openClients());
    }
  }

  @Test
  void acquire_failFastNothingListening_failsNamingTheAddress() throws IOException {
    String address = "redis://127.0.0.1:" + freePort();
    StoreConfig config = config("/app", address).failFast(true).connectTimeout(Duration.ofMillis(500)).build();

    long start = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisConnections.acquire(config));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(e.getMessage().contains(address), e.getMessage());
    assertTrue(e.getMessage().contains("[/app]"), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains("refused"), "names the cause: " + e.getMessage());
    assertTrue(millis < 10_000, "took " + millis + " ms");
  }

  @Test
  void acquire_redisDownAtStartWithoutFailFast_worksOnceRedisIsUp() {
    try (StandaloneRedis late = Redis.standalone().name("late").start()) {
      late.node().kill();
      StoreConfig config = config("/late", late.uri()).retryAttempts(0).build();
      try (ConnectionLogCapture log = ConnectionLogCapture.start();
          RedisConnection connection = RedisConnections.acquire(config)) {
        assertEquals(1, log.lines("WARN", "[/late]", "cannot reach Redis at " + late.uri()).size(), log.text());

        late.node().start();
        roundTrip(connection.client(), "handoff:test:late");
      }
    }
  }

  @Test
  void startupCheck_evictingPolicy_warnsNamingTheNamespace() {
    try (StandaloneRedis evicting = Redis.standalone().name("evicting").start()) {
      evicting.node().admin("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
      try (ConnectionLogCapture log = ConnectionLogCapture.start();
          RedisConnection connection = RedisConnections.acquire(config("/cart", evicting.uri()).build())) {
        List<String> warnings = log.lines("WARN", "[/cart]", "maxmemory-policy volatile-lru");
        assertEquals(1, warnings.size(), log.text());
      }
    }
  }

  @Test
  void startupCheck_noeviction_noWarning() {
    try (ConnectionLogCapture log = ConnectionLogCapture.start();
        RedisConnection connection = RedisConnections.acquire(config("/quiet", REDIS.topology().uri()).build())) {
      assertEquals(List.of(), log.lines("WARN"), log.text());
      assertEquals(1, log.lines("INFO", "[/quiet]", "connected to Redis").size(), log.text());
    }
  }

  @Test
  void acquire_freshServer_sendsOnlyHarmlessCommands() {
    try (StandaloneRedis fresh = Redis.standalone().name("fresh").start()) {
      fresh.node().admin("CONFIG", "RESETSTAT");
      try (RedisConnection connection = RedisConnections.acquire(config("/fresh", fresh.uri()).build())) {
        String stats = String.valueOf(fresh.node().admin("INFO", "commandstats"));
        System.out.println("[/fresh] commands at connect:\n" + stats);
        List<String> commands = stats.lines().filter(line -> line.startsWith("cmdstat_"))
            .map(line -> line.substring("cmdstat_".length(), line.indexOf(':')))
            .filter(command -> !command.equals("config|resetstat")).toList();
        assertTrue(List.of("ping", "eval", "get", "info").containsAll(commands), "sent " + commands);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
