package dev.handoff.store;

import static dev.handoff.store.Creates.created;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * G7 and G12 on Memcached: the one server stops answering (a black hole, not a refused
 * connection). Reads fail within commandTimeout as unavailable, saves are queued (the store is
 * DOWN), and when the server answers again the queue is written and the store is UP.
 */
class MemcachedBlackHoleIT {

  @Test
  void aBlackHoledServer_failsReadsInTime_queuesSaves_andTheQueueIsWrittenWhenItAnswers() throws Exception {
    try (MemcachedServer server = MemcachedServer.start("black-hole");
        FaultProxy proxy = FaultProxy.to(server.host(), server.port());
        SessionStore store = SessionStore.open(StoreConfig.builder().namespace("black-hole-" + System.nanoTime())
            .addresses(List.of("memcached://127.0.0.1:" + proxy.port())).commandTimeout(Duration.ofSeconds(1)).build())) {
      String id = "black-hole-session";
      long now = System.currentTimeMillis();
      assertTrue(created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("cart", b("one")))));

      proxy.blackHole();
      long start = System.nanoTime();
      assertThrows(StoreUnavailableException.class, () -> store.read(id, 1, false));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "a read fails within its bounds: " + took);
      assertEquals(SessionStore.State.DOWN, store.state());
      assertEquals(SaveResult.Status.QUEUED, store.save(id, SessionChange.builder().set("cart", b("two")).build()).status());
      assertEquals(1, store.pendingWrites());

      proxy.heal();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while ((store.pendingWrites() > 0 || store.state() != SessionStore.State.UP) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(0, store.pendingWrites(), "the queue was written");
      assertEquals(SessionStore.State.UP, store.state());
      assertArrayEquals(b("two"), store.load(id).orElseThrow().attributes().get("cart"));
    }
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
