package dev.handoff.store;

import static dev.handoff.store.Creates.created;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Memcached server killed (Memcached keeps no copy): the sessions it held are gone, the others
 * stay; the store says so to the adapter (data loss: it writes back what it holds) within seconds,
 * and sessions written back after it land on the server that is left. The server back, empty, is
 * said again.
 */
class MemcachedServerLossIT {

  /**
   * A call, again while it fails as unavailable: until the client has seen the connection to the
   * killed server close, calls for its keys wait out commandTimeout (the adapter serves from memory
   * meanwhile); then they go to the server left.
   */
  static <T> T onceTheClientReroutes(java.util.function.Supplier<T> call) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  @Test
  void aServerKilled_losesItsSessionsOnly_saysSo_andWritesLandOnTheOther() throws Exception {
    try (MemcachedServer first = MemcachedServer.start("loss-1"); MemcachedServer second = MemcachedServer.start("loss-2");
        SessionStore store = SessionStore.open(StoreConfig.builder().namespace("loss-" + System.nanoTime())
            .addresses(List.of(first.uri(), second.uri())).commandTimeout(Duration.ofSeconds(2)).build())) {
      CountDownLatch lost = new CountDownLatch(1);
      CountDownLatch back = new CountDownLatch(2);
      store.addDataLossListener(lost::countDown);
      store.addDataLossListener(back::countDown);
      long now = System.currentTimeMillis();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "session-" + i + "-" + System.nanoTime();
        ids.add(id);
        assertTrue(created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null,
            Map.of("cart", ("cart " + i).getBytes(StandardCharsets.UTF_8)))));
      }

      first.kill();
      assertTrue(lost.await(20, TimeUnit.SECONDS), "the store reported the lost server's data");
      int kept = 0;
      List<String> gone = new ArrayList<>();
      for (String id : ids) {
        if (onceTheClientReroutes(() -> store.load(id)).isPresent()) {
          kept++;
        } else {
          gone.add(id);
        }
      }
      assertTrue(kept > 0 && !gone.isEmpty(), "some sessions were on each server: " + kept + " kept, " + gone.size() + " gone");
      for (String id : gone) { // what an adapter does for the sessions it holds
        assertEquals(SaveResult.Status.SAVED, store.create(new SessionRecord(id, now, now, 1800, 0, "n", null, null,
            Map.of("cart", "written back".getBytes(StandardCharsets.UTF_8))), SessionStore.newCreateToken()).status());
      }
      for (String id : ids) {
        assertTrue(store.load(id).isPresent(), "every session readable again, on the server left");
      }

      first.start(); // back, empty: the sessions written back meanwhile are on the other server, not where keys map now
      assertTrue(back.await(20, TimeUnit.SECONDS), "the store reported the server back, empty");
    }
  }
}
