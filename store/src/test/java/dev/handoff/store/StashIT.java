package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.StandaloneRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stop while Redis is down keeps for the next start ({@link SessionStore#stash}): the queue
 * (an invalidation and a change) and the container's sessions come back in the next store and reach
 * Redis when it answers, invalidation first. A file that is damaged, sealed with another key, or of
 * another namespace is refused with a clear error and left in place: nothing is lost, nothing is
 * taken up from it.
 */
class StashIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone().appendOnly());

  @TempDir
  Path work;

  private StoreConfig.Builder config(String namespace, String key) {
    return StoreTopologies.configFor(REDIS.topology()).namespace(namespace).sessionKey(key)
        .commandTimeout(Duration.ofSeconds(1)).retryAttempts(0);
  }

  @Test
  void stashedQueueAndSessions_areTakenUpByTheNextStore_andReachRedis() throws Exception {
    String namespace = "stash-" + System.nanoTime();
    RedisNode node = REDIS.topology().node();
    Path file = work.resolve("handoff-sessions.stash");
    long now = System.currentTimeMillis();
    SessionRecord held = new SessionRecord("held-session-id", now, now, 1800, 0, "n", null, null,
        Map.of("cart", b("two items")), Map.of());
    try (SessionStore store = SessionStore.open(config(namespace, HandoffSettings.TEST_SESSION_KEY).build())) {
      Creates.created(store, record("changed-session-id", now, "1"));
      Creates.created(store, record("invalidated-session-id", now, "1"));
      node.kill();
      try {
        assertEquals(SaveResult.Status.QUEUED,
            store.save("changed-session-id", SessionChange.builder().set("counter", b("2")).build()).status());
        store.delete("invalidated-session-id");
        store.stash(file, List.of(new HeldSession(held, false, Set.of())));
        assertEquals(0, store.pendingWrites(), "taken out of the queue");
      } finally {
        node.start();
      }
    }
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertFalse(text.contains("changed-session-id") || text.contains("two items"), "sealed: nothing in clear");

    try (SessionStore next = SessionStore.open(config(namespace, HandoffSettings.TEST_SESSION_KEY).build())) {
      List<HeldSession> sessions = next.unstash(file);
      assertFalse(Files.exists(file), "read once");
      assertEquals(1, sessions.size());
      assertEquals("held-session-id", sessions.get(0).record().id());
      assertArrayEquals(b("two items"), sessions.get(0).record().attributes().get("cart"));
      long deadline = System.currentTimeMillis() + 20_000;
      while (next.pendingWrites() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        next.flushPending();
      }
      assertEquals(0, next.pendingWrites(), "the queue was written");
      assertArrayEquals(b("2"), next.load("changed-session-id").orElseThrow().attributes().get("counter"));
      assertFalse(next.exists("invalidated-session-id"), "the invalidation made before the stop is applied");
    }
  }

  @Test
  void aStashOfAnotherKeyNamespaceOrCutShort_isRefusedAndLeftInPlace() throws Exception {
    String namespace = "stash-bad-" + System.nanoTime();
    Path file = work.resolve("handoff-sessions.stash");
    long now = System.currentTimeMillis();
    try (SessionStore store = SessionStore.open(config(namespace, HandoffSettings.TEST_SESSION_KEY).build())) {
      store.stash(file, List.of(new HeldSession(record("kept-session-id", now, "5"), true, Set.of("counter"))));
    }
    byte[] written = Files.readAllBytes(file);
    String otherKey = java.util.Base64.getEncoder().encodeToString("another-32-byte-key-for-the-test".getBytes());
    try (SessionStore other = SessionStore.open(config(namespace, otherKey).build())) {
      IOException refused = assertThrows(IOException.class, () -> other.unstash(file));
      assertTrue(refused.getMessage().contains("sessionKey"), refused.getMessage());
    }
    try (SessionStore elsewhere = SessionStore.open(config(namespace + "-other", HandoffSettings.TEST_SESSION_KEY)
        .build())) {
      IOException refused = assertThrows(IOException.class, () -> elsewhere.unstash(file));
      assertTrue(refused.getMessage().contains("sessionKey") || refused.getMessage().contains("namespace"),
          refused.getMessage());
    }
    assertArrayEquals(written, Files.readAllBytes(file), "left as it was");
    try (SessionStore clear = SessionStore.open(config(namespace, "").build())) {
      Path cut = work.resolve("cut.stash");
      clear.stash(cut, List.of(new HeldSession(record("kept-session-id", now, "5"), true, Set.of("counter"))));
      byte[] whole = Files.readAllBytes(cut);
      Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 7));
      IOException refused = assertThrows(IOException.class, () -> clear.unstash(cut));
      assertTrue(refused.getMessage().contains("cut short or damaged"), refused.getMessage());
      assertTrue(Files.exists(cut), "left in place");
      Files.write(cut, whole);
      assertEquals(1, clear.unstash(cut).size(), "the same file, whole, is taken up");
    }
  }

  private static SessionRecord record(String id, long now, String counter) {
    return new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("counter", b(counter)), Map.of());
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
