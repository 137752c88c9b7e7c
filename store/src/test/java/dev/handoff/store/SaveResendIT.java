package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, writes that are safe to resend: node A's save reaches Redis and runs, but its reply is
 * lost and the connection reset; before Redisson resends it, node B saves the same attribute. The
 * resend must change nothing (the save's token is among the hash's last ones), or it would put
 * A's older value back over B's.
 */
class SaveResendIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void aSaveResentAfterAnotherNodesWrite_doesNotUndoIt() throws Exception {
    String namespace = "save-resend-" + System.nanoTime();
    try (FaultProxy proxy = FaultProxy.inFrontOf(REDIS.topology().node());
        SessionStore nodeA = SessionStore.open(StoreConfig.builder().namespace(namespace)
            .addresses(List.of("redis://127.0.0.1:" + proxy.port())).commandTimeout(Duration.ofSeconds(6))
            .retryAttempts(1).retryInterval(Duration.ofSeconds(1)).build());
        SessionStore nodeB = SessionStore.open(StoreConfig.builder().namespace(namespace)
            .addresses(List.of(REDIS.topology().uri())).build())) {
      String id = "resent-save";
      long now = System.currentTimeMillis();
      Creates.created(nodeA, new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("counter", b("4"))));
      proxy.loseNextReplyTo("counter-5-from-a");
      CompletableFuture<SaveResult> fromA = CompletableFuture.supplyAsync(
          () -> nodeA.save(id, SessionChange.builder().set("counter", b("counter-5-from-a")).build()));
      long deadline = System.currentTimeMillis() + 10_000;
      while (proxy.repliesLost() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, proxy.repliesLost(), "A's save ran and its reply was lost");
      assertEquals(SaveResult.Status.SAVED, nodeB.save(id, SessionChange.builder().set("counter", b("counter-6-from-b"))
          .build()).status(), "B writes before A's resend");
      assertEquals(SaveResult.Status.SAVED, fromA.get().status(), "A's resend is answered as saved");
      assertArrayEquals(b("counter-6-from-b"), nodeB.load(id).orElseThrow().attributes().get("counter"),
          "B's later write stands: the resend of A's did nothing");
    }
  }

  /**
   * The same with a save that logs alice in (the batch that also files the session under her
   * name): its reply is lost, node B logs her out before the resend, and the resend must neither
   * bring the login back nor leave the session listed among alice's.
   */
  @Test
  void aLoginSaveResentAfterALogoutOnAnotherNode_bringsNeitherTheLoginNorTheListingBack() throws Exception {
    String namespace = "login-resend-" + System.nanoTime();
    try (FaultProxy proxy = FaultProxy.inFrontOf(REDIS.topology().node());
        SessionStore nodeA = SessionStore.open(StoreConfig.builder().namespace(namespace)
            .addresses(List.of("redis://127.0.0.1:" + proxy.port())).commandTimeout(Duration.ofSeconds(6))
            .retryAttempts(1).retryInterval(Duration.ofSeconds(1)).build());
        SessionStore nodeB = SessionStore.open(StoreConfig.builder().namespace(namespace)
            .addresses(List.of(REDIS.topology().uri())).build())) {
      String id = "resent-login";
      long now = System.currentTimeMillis();
      Creates.created(nodeA, new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("cart", b("empty"))));
      proxy.loseNextReplyTo("cart-after-login");
      CompletableFuture<SaveResult> fromA = CompletableFuture.supplyAsync(() -> nodeA.save(id, SessionChange.builder()
          .set("cart", b("cart-after-login")).login(new Login("alice", List.of("user"), null).toBytes(), "FORM").build()));
      long deadline = System.currentTimeMillis() + 10_000;
      while (proxy.repliesLost() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, proxy.repliesLost(), "A's login save ran and its reply was lost");
      assertEquals(1, nodeB.fleet().sessionsOf("alice").size(), "alice is logged in, before the logout");
      assertEquals(SaveResult.Status.SAVED, nodeB.save(id, SessionChange.builder().login(null, null).build()).status(),
          "B logs alice out before A's resend");
      fromA.get();
      assertEquals(null, nodeB.load(id).orElseThrow().principal(), "the logout stands: the resend did not log alice in again");
      assertEquals(List.of(), nodeB.fleet().sessionsOf("alice"), "and the session is not listed as alice's");
    }
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
