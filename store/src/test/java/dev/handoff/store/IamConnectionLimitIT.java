package dev.handoff.store;

import static dev.handoff.store.Creates.created;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.AclUser;
import dev.handoff.testkit.IamAuthProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * ElastiCache closes an IAM connection 12 hours after its last accepted AUTH. Here its front door
 * ({@link IamAuthProxy}, which verifies every token as ElastiCache would) closes it after 3 s, and
 * the store renews every second: its data connections must outlive the limit, every token the
 * store signs (on the real clock) must be accepted, and a session must be readable throughout.
 */
class IamConnectionLimitIT {

  private static final AclUser UPSTREAM = new AclUser("shop-upstream", "upstream-" + System.nanoTime(), "handoff:");

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(
      Redis.standalone().aclUser(UPSTREAM.name(), UPSTREAM.password(), UPSTREAM.keyPrefix()));

  @Test
  void renewal_keepsTheDataConnectionsPastTheCachesConnectionLimit() throws Exception {
    TlsFiles tls = TlsFiles.generate(Files.createTempDirectory("handoff-iam-tls"));
    Duration limit = Duration.ofSeconds(3);
    try (IamAuthProxy cache = IamAuthProxy.inFrontOf(REDIS.topology().node(), UPSTREAM, tls,
        new IamAuthProxy.Cache("shop-sessions", true, "eu-west-1", "AKIDLIMITTEST", "limit-test-secret"), limit)) {
      IamTokens tokens = new IamTokens(new ElastiCacheIam("shop-app", "shop-sessions", true, "eu-west-1"),
          StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLIMITTEST", "limit-test-secret")),
          Instant::now, Duration.ofSeconds(1));
      StoreConfig config = StoreConfig.builder().namespace("iam-limit").addresses(List.of(cache.uri()))
          .trustStore(tls.trustStore(), tls.storePassword()).credentialsProvider(tokens).build();
      SessionStore store = SessionStore.open(config);
      try {
        String id = "limit-" + System.nanoTime();
        long now = System.currentTimeMillis();
        assertTrue(created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null,
            Map.of("cart", "3 books".getBytes(StandardCharsets.UTF_8)), Map.of())));
        long end = System.nanoTime() + limit.multipliedBy(3).toNanos();
        int reads = 0;
        while (System.nanoTime() < end) {
          assertInstanceOf(ReadResult.Loaded.class, store.read(id, 0, false), "read " + reads);
          reads++;
          Thread.sleep(100);
        }
        assertEquals(List.of(), cache.refusals(), "every token the store signed was accepted");
        assertEquals(0, cache.closedForLifetime() - cache.subscribersClosedForLifetime(),
            "no data connection reached the limit (" + cache.subscribersClosedForLifetime()
                + " subscription connections did: Redisson does not send AUTH on a subscribed connection)");
        assertTrue(cache.tokensAccepted() >= 2 * 6, "renewed about every second on each connection: " + cache.tokensAccepted());
      } finally {
        store.close();
      }
    }
  }
}
