package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14: Redis black-holed (packets vanish: no reply, no reset), not refused. No call waits
 * much longer than commandTimeout, the first ones included, whatever retryAttempts says (before,
 * the first calls waited commandTimeout x (retryAttempts + 1) plus the pauses); once one call has
 * timed out the others fail at once; a change made meanwhile is in Redis once the black hole ends.
 */
class BlackHoleIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
  /** What a call may take beyond commandTimeout: scheduling on a shared 2-core machine. */
  private static final long MARGIN_MS = 400;

  @Test
  void blackHoledRedis_noCallWaitsMuchLongerThanCommandTimeout_andTheQueuedChangeLandsAfterwards() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(REDIS.topology().node());
        SessionStore store = SessionStore.open(StoreConfig.builder().namespace("black-hole-" + System.nanoTime())
            .addresses(List.of("redis://127.0.0.1:" + proxy.port())).commandTimeout(COMMAND_TIMEOUT)
            .retryAttempts(2).retryInterval(Duration.ofMillis(200)).build())) {
      long now = System.currentTimeMillis();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String id = "black-hole-session-" + i;
        ids.add(id);
        Creates.created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("counter", b("1"))));
      }
      proxy.blackHole();
      List<Long> first = timedReads(store, ids); // concurrent first requests: none knows yet that Redis is gone
      long longest = first.stream().mapToLong(Long::longValue).max().orElseThrow();
      System.out.println("black hole: the first concurrent reads waited " + first + " ms");
      assertTrue(longest <= COMMAND_TIMEOUT.toMillis() + MARGIN_MS, "the longest of " + ids.size()
          + " concurrent first reads waited " + longest + " ms; commandTimeout is " + COMMAND_TIMEOUT.toMillis() + " ms");
      Thread.sleep(300); // the circuit's first pause (250 ms) has passed: the next call is its probe
      List<Long> afterThePause = timedReads(store, ids);
      System.out.println("black hole: after the pause, reads waited " + afterThePause + " ms");
      long slow = afterThePause.stream().filter(ms -> ms >= COMMAND_TIMEOUT.toMillis() / 2).count();
      assertTrue(slow <= 1, "after the pause one call probes and the others fail at once; waits were " + afterThePause);
      long start = System.nanoTime();
      SaveResult queued = store.save(ids.get(0), SessionChange.builder().set("counter", b("2")).build());
      long saveMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(SaveResult.Status.QUEUED, queued.status());
      assertTrue(saveMs <= COMMAND_TIMEOUT.toMillis() + MARGIN_MS, "a save waited " + saveMs + " ms");

      proxy.heal();
      long deadline = System.currentTimeMillis() + 20_000;
      while ((store.pendingWrites() > 0 || store.state() != SessionStore.State.UP) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(0, store.pendingWrites(), "the change made during the black hole was written");
      assertArrayEquals(b("2"), store.load(ids.get(0)).orElseThrow().attributes().get("counter"));
    }
  }

  /**
   * A slow Redis (300 ms a reply) and more concurrent calls than maxConcurrentCalls: the calls
   * beyond it fail at once instead of holding a thread each, and Redis is not marked down.
   */
  @Test
  void slowRedis_atMostMaxConcurrentCallsWait_theRestFailAtOnce() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(REDIS.topology().node());
        SessionStore store = SessionStore.open(StoreConfig.builder().namespace("bulkhead-" + System.nanoTime())
            .addresses(List.of("redis://127.0.0.1:" + proxy.port())).commandTimeout(Duration.ofSeconds(3))
            .maxConcurrentCalls(4).build())) {
      long now = System.currentTimeMillis();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add("bulkhead-session-" + i);
        Creates.created(store, new SessionRecord(ids.get(i), now, now, 1800, 0, "n", null, null, Map.of("counter", b("1"))));
      }
      proxy.latency(Duration.ofMillis(150)); // 300 ms a round trip
      List<Long> waits = timedReads(store, ids);
      System.out.println("bulkhead: 12 reads through a 300 ms round trip with maxConcurrentCalls = 4 waited " + waits + " ms");
      long quick = waits.stream().filter(ms -> ms < 150).count();
      long answered = waits.stream().filter(ms -> ms >= 250).count();
      assertTrue(quick >= 8, "the calls beyond maxConcurrentCalls = 4 failed at once; waits were " + waits);
      assertTrue(answered >= 1 && answered <= 4, "at most 4 waited for Redis; waits were " + waits);
      assertEquals(SessionStore.State.UP, store.state(), "a full bulkhead does not mark Redis down");
    }
  }

  /** Reads every session at once, each on its own thread: how long each took, in milliseconds. */
  private static List<Long> timedReads(SessionStore store, List<String> ids) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(ids.size());
    try {
      java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(ids.size());
      List<Future<Long>> waits = new ArrayList<>();
      for (String id : ids) {
        waits.add(threads.submit(() -> {
          ready.countDown();
          ready.await();
          long start = System.nanoTime();
          try {
            store.read(id, 1, false);
          } catch (StoreUnavailableException expected) {
            // the adapter serves its copy
          }
          return (System.nanoTime() - start) / 1_000_000;
        }));
      }
      List<Long> result = new ArrayList<>();
      for (Future<Long> wait : waits) {
        result.add(wait.get());
      }
      return result;
    } finally {
      threads.shutdownNow();
    }
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
