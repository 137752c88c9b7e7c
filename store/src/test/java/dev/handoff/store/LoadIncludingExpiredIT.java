package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SessionStore#loadIncludingExpired}: what Jetty's session cache needs to expire a session itself. */
class LoadIncludingExpiredIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void loadIncludingExpired_expiredSession_isReturned_unlessClaimedOrGone() {
    try (SessionStore store = SessionStore.open(StoreTopologies.configFor(REDIS.topology()).nodeName("node-a").build())) {
      String id = UUID.randomUUID().toString();
      long now = System.currentTimeMillis();
      byte[] cart = "two items".getBytes(StandardCharsets.UTF_8);
      store.create(new SessionRecord(id, now - 10_000, now - 10_000, 1, 0, "node-a", null, null, Map.of("cart", cart)));

      assertTrue(store.load(id).isEmpty(), "load still hides an expired session");
      SessionRecord expired = store.loadIncludingExpired(id).orElseThrow();
      assertEquals(now - 10_000, expired.lastAccessedTime());
      assertArrayEquals(cart, expired.attributes().get("cart"));

      List<ExpiredSession> claimed = store.claimExpired(10);
      assertEquals(1, claimed.size());
      assertTrue(store.loadIncludingExpired(id).isEmpty(), "a session being expired is not handed out");
      store.finishExpiry(claimed.get(0));
      assertTrue(store.loadIncludingExpired(id).isEmpty(), "nor one that is gone");
      assertTrue(store.loadIncludingExpired("never-created").isEmpty());
    }
  }
}
