package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, test 7's second half: expiry listeners that run longer than the claim hold. The node
 * that claimed the session renews its claim while they run, so no other node claims it and fires
 * them a second time; once finished, nobody does.
 */
class SlowListenerIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void aListenerSlowerThanTheClaimHold_firesOnce() throws Exception {
    StoreConfig config = StoreTopologies.configFor(REDIS.topology()).expiryClaimHold(Duration.ofSeconds(1)).build();
    try (SessionStore nodeA = SessionStore.open(config); SessionStore nodeB = SessionStore.open(config)) {
      long past = System.currentTimeMillis() - 5_000;
      Creates.created(nodeA, new SessionRecord("slow-listener", past, past, 1, 0, "n", null, null,
          Map.of("cart", new byte[] {1})));
      List<ExpiredSession> won = nodeA.claimExpired(10);
      assertEquals(1, won.size(), "node A claims it and runs its listeners");
      Thread.sleep(2_500); // the listeners take two and a half claim holds
      assertTrue(nodeB.claimExpired(10).isEmpty(), "node B does not take over a claim that is renewed");
      assertTrue(nodeA.claimExpired(10).isEmpty(), "nor does a later sweep of node A's");
      nodeA.finishExpiry(won.get(0));
      Thread.sleep(1_200);
      assertTrue(nodeB.claimExpired(10).isEmpty(), "finished: nobody fires it again");
      assertFalse(nodeB.exists("slow-listener"));
    }
  }
}
