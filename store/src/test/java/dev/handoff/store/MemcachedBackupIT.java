package dev.handoff.store;

import static dev.handoff.store.Creates.created;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * backupCopies: a Memcached server killed loses no session. Two stores write (creates on one,
 * saves of half of them on the other, a logout), then a server is killed and a third store, which
 * never held any of them, loads every session: each as last saved, the logged-out one still gone,
 * a late save of it refused (G4 across the loss), and saves go on from the restored version.
 * Without backupCopies the same schedule loses the killed server's sessions
 * ({@link MemcachedServerLossIT}). A writer of Memcached planting a backup copy gets it refused.
 */
class MemcachedBackupIT {

  private static StoreConfig.Builder config(String namespace, MemcachedServer... servers) {
    return StoreConfig.builder().namespace(namespace).backupCopies(true)
        .addresses(java.util.Arrays.stream(servers).map(MemcachedServer::uri).toList())
        .commandTimeout(Duration.ofSeconds(2));
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aServerKilled_withBackupCopies_losesNoSession_andKeepsLogoutsFinal() throws Exception {
    String namespace = "backup-" + System.nanoTime();
    try (MemcachedServer first = MemcachedServer.start("backup-1"); MemcachedServer second = MemcachedServer.start("backup-2")) {
      List<String> ids = new ArrayList<>();
      String loggedOut;
      try (SessionStore creating = SessionStore.open(config(namespace, first, second).build());
          SessionStore saving = SessionStore.open(config(namespace, first, second).build())) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 40; i++) {
          String id = "session-" + i + "-" + System.nanoTime();
          ids.add(id);
          assertTrue(created(creating, new SessionRecord(id, now, now, 1800, 0, "a", null, null,
              Map.of("cart", utf8("cart " + i)))));
        }
        for (int i = 0; i < ids.size(); i += 2) { // half saved again, on the other node
          assertEquals(SaveResult.Status.SAVED, saving.save(ids.get(i), SessionChange.builder()
              .set("cart", utf8("cart " + i + " saved on b")).build()).status());
        }
        loggedOut = ids.remove(ids.size() - 1);
        saving.delete(loggedOut);
        assertTrue(((MemcachedSessionStore) creating).drainBackups(Duration.ofSeconds(10)), "copies written");
        assertTrue(((MemcachedSessionStore) saving).drainBackups(Duration.ofSeconds(10)), "copies written");
      }

      first.kill();
      try (SessionStore fresh = SessionStore.open(config(namespace, first, second).failFast(false).build())) {
        long staleTime = System.currentTimeMillis() - 60_000;
        for (String id : ids) { // a node writing back a copy last used before the copies were written
          SessionRecord stale = new SessionRecord(id, staleTime, staleTime, 1800, 0, "c", null, null,
              Map.of("cart", utf8("stale")));
          assertEquals(SaveResult.Status.ID_TAKEN, MemcachedServerLossIT.onceTheClientReroutes(
              () -> fresh.create(stale, SessionStore.newCreateToken())).status(), "the copy stands against a stale write-back");
        }
        for (int i = 0; i < ids.size(); i++) {
          String id = ids.get(i);
          Optional<SessionRecord> loaded = MemcachedServerLossIT.onceTheClientReroutes(() -> fresh.load(id));
          assertTrue(loaded.isPresent(), "session " + i + " of " + ids.size() + " survived the server's loss");
          assertArrayEquals(utf8(i % 2 == 0 ? "cart " + i + " saved on b" : "cart " + i), loaded.get().attributes().get("cart"),
              "session " + i + " as last saved");
        }
        assertTrue(fresh.load(loggedOut).isEmpty(), "the logged-out session stays gone");
        assertEquals(SaveResult.Status.ID_TAKEN, fresh.create(new SessionRecord(loggedOut, now(), now(), 1800, 0, "c", null,
            null, Map.of("cart", utf8("written back"))), SessionStore.newCreateToken()).status(),
            "a node writing back the logged-out session is refused");
        assertEquals(SaveResult.Status.GONE, fresh.save(loggedOut, SessionChange.builder().set("cart", utf8("late")).build())
            .status(), "a late save of the logged-out session is refused");
        SaveResult next = fresh.save(ids.get(0), SessionChange.builder().set("cart", utf8("after the loss")).build());
        assertEquals(SaveResult.Status.SAVED, next.status());
        assertEquals(3, next.version(), "the version goes on from the restored copy");
        assertArrayEquals(utf8("after the loss"), fresh.load(ids.get(0)).orElseThrow().attributes().get("cart"));
      }
    }
  }

  @Test
  void aPlantedBackupCopy_isRefused_withAClearError() throws Exception {
    try (MemcachedServer first = MemcachedServer.start("backup-h1"); MemcachedServer second = MemcachedServer.start("backup-h2")) {
      StoreConfig config = config("backup-hostile-" + System.nanoTime(), first, second)
          .maxSessionBytes(64 * 1024).build();
      try (SessionStore store = SessionStore.open(config)) {
        Keys keys = new Keys(config);
        List<byte[]> planted = List.of(new byte[] {1, 2, 3}, utf8("a stamp, a flag, then not a session"),
            new byte[200 * 1024]);
        for (int i = 0; i < planted.size(); i++) {
          String id = "planted-" + i + "-" + System.nanoTime();
          String key = ((MemcachedSessionStore) store).backupKey(keys.digest(id));
          for (MemcachedServer server : List.of(first, second)) { // on whichever server the key leads to
            MemcachedHostileItemsIT.set(server, key, 0, planted.get(i));
          }
          long start = System.nanoTime();
          RuntimeException refused = assertThrows(RuntimeException.class, () -> store.load(id), "planted copy " + i);
          assertTrue(refused instanceof MalformedSessionException || refused instanceof IllegalStateException,
              "planted copy " + i + ": " + refused);
          assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) < 0, "refused at once");
          assertTrue(!refused.getMessage().contains(id), "no session id in the message: " + refused.getMessage());
        }
      }
    }
  }
}
