package dev.handoff.store;

import static dev.handoff.store.Creates.created;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * G12 on Memcached: a slow server (every reply a second late) holds at most maxConcurrentCalls
 * request threads; the calls beyond them fail at once as unavailable (the adapter serves from
 * memory) instead of each waiting its second.
 */
class MemcachedSlowServerIT {

  @Test
  void aSlowServer_holdsAtMostMaxConcurrentCallsThreads_theOthersFailAtOnce() throws Exception {
    try (MemcachedServer server = MemcachedServer.start("slow");
        FaultProxy proxy = FaultProxy.to(server.host(), server.port());
        SessionStore store = SessionStore.open(StoreConfig.builder().namespace("slow-" + System.nanoTime())
            .addresses(List.of("memcached://127.0.0.1:" + proxy.port())).commandTimeout(Duration.ofSeconds(2))
            .maxConcurrentCalls(4).build())) {
      String id = "slow-session";
      long now = System.currentTimeMillis();
      assertTrue(created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("a", new byte[] {1}))));
      proxy.latency(Duration.ofSeconds(1));
      ExecutorService pool = Executors.newFixedThreadPool(20);
      List<Future<Long>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(pool.submit(() -> {
          long start = System.nanoTime();
          try {
            store.read(id, 1, false);
            return -1L; // waited on the server, and it answered
          } catch (StoreUnavailableException e) {
            // refused at once by the bound, or waited and timed out
            return e.getMessage().contains("maxConcurrentCalls") ? System.nanoTime() - start : -1L;
          }
        }));
      }
      int waited = 0;
      int refusedAtOnce = 0;
      for (Future<Long> call : calls) {
        long nanos = call.get();
        if (nanos < 0) {
          waited++;
        } else {
          assertTrue(nanos < Duration.ofMillis(300).toNanos(), "a refusal takes no wait: " + Duration.ofNanos(nanos));
          refusedAtOnce++;
        }
      }
      pool.shutdown();
      assertTrue(waited <= 4 * 2, "at most maxConcurrentCalls at a time waited on the slow server: " + waited);
      assertTrue(refusedAtOnce >= 12, "the others were refused at once: " + refusedAtOnce + " of 20");
    }
  }
}
