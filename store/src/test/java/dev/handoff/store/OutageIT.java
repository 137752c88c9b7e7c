package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.StandaloneRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G7 at the store: Redis stops for a while. Calls fail fast instead of each waiting for the
 * timeout, saves are queued and merged, and when Redis returns the newest state is written.
 */
class OutageIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone().appendOnly());

  @Test
  void redisDown_callsFailFast_savesQueue_andTheNewestStateIsWrittenWhenItReturns() throws Exception {
    RedisNode node = REDIS.topology().node();
    List<SessionStore.State> states = new CopyOnWriteArrayList<>();
    try (SessionStore store = SessionStore.open(StoreTopologies.configFor(REDIS.topology())
        .commandTimeout(Duration.ofSeconds(2)).retryAttempts(1).build())) {
      store.addStateListener(states::add);
      String id = "outage-session";
      long now = System.currentTimeMillis();
      Creates.created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("counter", b("1"))));

      node.kill();
      assertEquals(SaveResult.Status.QUEUED,
          store.save(id, SessionChange.builder().set("counter", b("2")).set("cart", b("one item")).build()).status());
      assertEquals(SessionStore.State.DOWN, store.state());

      long start = System.nanoTime();
      assertThrows(StoreUnavailableException.class, () -> store.load(id));
      long failedAfterMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(failedAfterMs < 1000, "a call while Redis is known down failed after " + failedAfterMs
          + " ms; it must not wait for the 2 s command timeout");

      store.save(id, SessionChange.builder().set("counter", b("3")).build());
      store.save(id, SessionChange.builder().remove("cart").set("note", b("kept")).build());
      assertEquals(1, store.pendingWrites(), "three saves of one session, merged into one");
      assertEquals(List.of(SessionStore.State.DOWN), states, "one state change reported, not one per call");

      node.start();
      long deadline = System.currentTimeMillis() + 20_000;
      while ((store.pendingWrites() > 0 || store.state() != SessionStore.State.UP) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        try {
          store.exists(id); // requests keep arriving; one of them finds Redis back
        } catch (StoreUnavailableException stillDown) {
          // expected until Redis accepts connections again
        }
      }
      assertEquals(0, store.pendingWrites(), "queued changes were written");
      SessionRecord loaded = store.load(id).orElseThrow();
      assertArrayEquals(b("3"), loaded.attributes().get("counter"), "the newest value won");
      assertArrayEquals(b("kept"), loaded.attributes().get("note"));
      assertTrue(!loaded.attributes().containsKey("cart"), "removed after it was set: removed");
      assertEquals(List.of(SessionStore.State.DOWN, SessionStore.State.UP), states);
    }
  }

  @Test
  void storeOpensWhileRedisIsDown_andWorksOnceItIsUp() throws Exception {
    RedisNode node = REDIS.topology().node();
    node.kill();
    try (SessionStore store = SessionStore.open(StoreTopologies.configFor(REDIS.topology())
        .commandTimeout(Duration.ofSeconds(1)).retryAttempts(0).build())) {
      assertThrows(StoreUnavailableException.class, () -> store.exists("x"));
      node.start();
      long deadline = System.currentTimeMillis() + 20_000;
      boolean worked = false;
      while (!worked && System.currentTimeMillis() < deadline) {
        try {
          store.exists("x");
          worked = true;
        } catch (StoreUnavailableException stillDown) {
          Thread.sleep(100);
        }
      }
      assertTrue(worked, "the store works once Redis is up, without being reopened");
    } finally {
      node.start();
    }
  }

  /**
   * Issue 14, test 4 at the store: 100,000 sessions created while Redis is down against a 1 MiB
   * bound. The bytes held stay within the bound (plus one session), new sessions are refused once
   * it is reached, a session already queued keeps taking its changes, and after recovery the
   * bytes return to 0 and new sessions are accepted again.
   */
  @Test
  void queuedBytesAreBounded_newSessionsAreRefusedWhenFull_andTheBoundDrainsWhenRedisReturns() throws Exception {
    RedisNode node = REDIS.topology().node();
    long bound = 1024 * 1024;
    try (SessionStore store = SessionStore.open(StoreTopologies.configFor(REDIS.topology())
        .commandTimeout(Duration.ofSeconds(1)).retryAttempts(0).maxQueuedBytes(bound).build())) {
      long now = System.currentTimeMillis();
      String held = "held-across-the-outage";
      Creates.created(store, new SessionRecord(held, now, now, 1800, 0, "n", null, null, Map.of("counter", b("1"))));
      byte[] cart = new byte[1000];
      int refused = 0;
      int holding = 0;
      long largest = 0;
      node.kill();
      try {
        assertEquals(SaveResult.Status.QUEUED, store.save(held, SessionChange.builder().set("counter", b("2")).build()).status());
        for (int i = 0; i < 100_000; i++) {
          if (store.refusesNewSessions()) { // what an adapter does before it creates a session
            refused++;
            continue;
          }
          SessionRecord created = new SessionRecord("created-in-outage-" + i, now, now, 1800, 0, "n", null, null,
              Map.of("cart", cart));
          assertThrows(StoreUnavailableException.class, () -> store.create(created, SessionStore.newCreateToken()));
          holding++;
          largest = Math.max(largest, store.pendingBytes());
        }
        assertTrue(refused > 0, "new sessions were refused once the bound was reached (" + holding + " held)");
        assertTrue(largest <= bound + 2 * 1024, "bytes held " + largest + " stayed within the bound " + bound
            + " plus one session");
        assertTrue(holding > 500 && holding < 1000, holding + " sessions of 1 kB held within 1 MiB");
        assertEquals(SaveResult.Status.QUEUED, store.save(held, SessionChange.builder().set("counter", b("3")).build()).status(),
            "a session already queued keeps taking changes while full");
        assertThrows(StoreUnavailableException.class, () -> store.save("created-in-outage-0",
            SessionChange.builder().set("cart", b("more")).build()), "a session with nothing queued: refused, not queued");
      } finally {
        node.start();
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while ((store.pendingWrites() > 0 || store.state() != SessionStore.State.UP) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        try {
          store.exists(held);
        } catch (StoreUnavailableException stillDown) {
          // until Redis accepts connections again
        }
      }
      assertEquals(0, store.pendingBytes(), "the bytes held for Redis return to 0");
      assertTrue(!store.refusesNewSessions(), "new sessions are accepted again");
      assertArrayEquals(b("3"), store.load(held).orElseThrow().attributes().get("counter"));
    }
  }

  /** Issue 14: a logout while Redis is down is remembered, refused at once, and applied before any queued write. */
  @Test
  void invalidationDuringAnOutage_isRemembered_andAppliedBeforeTheQueuedWrites() throws Exception {
    RedisNode node = REDIS.topology().node();
    StoreConfig config = StoreTopologies.configFor(REDIS.topology()).commandTimeout(Duration.ofSeconds(1))
        .retryAttempts(0).build();
    try (SessionStore store = SessionStore.open(config)) {
      String id = "logged-out-in-an-outage";
      long now = System.currentTimeMillis();
      Creates.created(store, new SessionRecord(id, now, now, 1800, 0, "n", b("alice"), "FORM", Map.of("counter", b("1"))));
      node.kill();
      try {
        assertEquals(SaveResult.Status.QUEUED, store.save(id, SessionChange.builder().set("counter", b("2")).build()).status());
        store.delete(id); // the user logs out: no error, the node remembers it
        assertEquals(new ReadResult.Gone(), store.read(id, 1, false), "refused at once, without Redis");
        assertEquals(SaveResult.Status.GONE, store.save(id, SessionChange.builder().set("counter", b("3")).build()).status());
      } finally {
        node.start();
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (store.pendingWrites() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        try {
          store.exists("someone-else");
        } catch (StoreUnavailableException stillDown) {
          // until Redis accepts connections again
        }
      }
      assertEquals(0, store.pendingWrites(), "the logout was written");
    }
    try (SessionStore otherNode = SessionStore.open(config)) {
      assertTrue(otherNode.load("logged-out-in-an-outage").isEmpty(), "logged out everywhere once Redis is back");
    }
  }

  /**
   * A store opened while Redis was down (no scripts loaded at start): once Redis is up, a create,
   * sent as EVALSHA inside a batch, met NOSCRIPT and failed with an error, not as "unreachable", so
   * nothing tried it again (seen on Jetty). The store loads its scripts and sends the call once more.
   */
  @Test
  void storeOpenedWhileRedisWasDown_batchedCreatesAndSavesWorkOnceItIsUp() {
    REDIS.topology().node().stop();
    try (SessionStore store = SessionStore.open(StoreTopologies.configFor(REDIS.topology()).build())) {
      REDIS.topology().node().start();
      long now = System.currentTimeMillis();
      boolean created = false;
      long deadline = System.currentTimeMillis() + 20_000;
      while (!created && System.currentTimeMillis() < deadline) {
        try {
          created = Creates.created(store, new SessionRecord("opened-while-down", now, now, 1800, 0, "n", null, null,
              Map.of("counter", b("1"))));
        } catch (StoreUnavailableException reconnecting) {
          sleepQuietly(100);
        }
      }
      assertTrue(created, "the create, in a batch with its index entry");
      assertEquals(SaveResult.Status.SAVED, store.save("opened-while-down", SessionChange.builder()
          .set("counter", b("2")).maxInactiveSeconds(900).lastAccessedTime(now).build()).status(),
          "a save that moves the session in the index: a batch too");
    } finally {
      REDIS.topology().node().start();
    }
  }

  /**
   * Issue 14 ("a counter at 3 read back as 2 after recovery"): right after Redis returns, before
   * the queue's own retry, a node reads a session whose change is queued. The read must not return
   * the older state Redis holds (the node's copy would take it and the next increment would build
   * on it): the queued change is written first.
   */
  @Test
  void theFirstReadAfterAnOutage_seesTheQueuedChange_notTheOlderStateInRedis() throws Exception {
    try (dev.handoff.testkit.FaultProxy proxy = dev.handoff.testkit.FaultProxy.inFrontOf(REDIS.topology().node());
        SessionStore store = behind(proxy, "outage-read-")) {
      String id = "read-across-an-outage";
      queueDuringACut(proxy, store, id, SessionChange.builder().set("counter", b("2")).build());
      ReadResult read = null;
      long deadline = System.currentTimeMillis() + 20_000;
      while (read == null && System.currentTimeMillis() < deadline) {
        try {
          read = store.read(id, 0, false); // a node whose copy's version is unknown after a queued save: a load
        } catch (StoreUnavailableException notYet) {
          Thread.sleep(10);
        }
      }
      SessionRecord loaded = ((ReadResult.Loaded) read).record();
      assertArrayEquals(b("2"), loaded.attributes().get("counter"), "the queued change, not Redis's older state");
    }
  }

  /**
   * Issue 14: the first live save after an outage carries the queued change; the older state never
   * lands after it. Redis is cut off at a proxy, so that it is back the moment the test says: the
   * live saves (every 10 ms) then reach it before the queue's own retry (every second).
   */
  @Test
  void theFirstLiveSaveAfterAnOutage_carriesTheQueuedChange_andIsNotOverwrittenByIt() throws Exception {
    try (dev.handoff.testkit.FaultProxy proxy = dev.handoff.testkit.FaultProxy.inFrontOf(REDIS.topology().node());
        SessionStore store = behind(proxy, "outage-order-")) {
      String id = "saved-across-an-outage";
      queueDuringACut(proxy, store, id, SessionChange.builder().set("counter", b("2")).set("cart", b("tea")).build());
      long deadline = System.currentTimeMillis() + 20_000;
      SaveResult live;
      int counter = 2;
      do { // requests go on: each one's change is new (an earlier one may have been queued)
        Thread.sleep(10);
        counter++;
        live = store.save(id, SessionChange.builder().set("counter", b(String.valueOf(counter))).build());
      } while (live.status() != SaveResult.Status.SAVED && System.currentTimeMillis() < deadline);
      assertEquals(SaveResult.Status.SAVED, live.status());
      deadline = System.currentTimeMillis() + 10_000;
      while (store.pendingWrites() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1500); // a queued write that would land late has landed by now
      SessionRecord loaded = store.load(id).orElseThrow();
      assertEquals(String.valueOf(counter), new String(loaded.attributes().get("counter"), java.nio.charset.StandardCharsets.UTF_8),
          "the live save's value stands");
      assertArrayEquals(b("tea"), loaded.attributes().get("cart"), "the queued change was written too");
    }
  }

  /** A store that reaches Redis through {@code proxy}, in a namespace of its own. */
  private static SessionStore behind(dev.handoff.testkit.FaultProxy proxy, String namespace) {
    return SessionStore.open(StoreConfig.builder().namespace(namespace + System.nanoTime())
        .addresses(List.of("redis://127.0.0.1:" + proxy.port())).commandTimeout(Duration.ofSeconds(1))
        .retryAttempts(0).build());
  }

  /**
   * Creates session {@code id} (counter 1), cuts Redis off at the proxy, saves {@code change}
   * until the store queues it, and heals the proxy: Redis is back at once, the change still queued.
   */
  private static void queueDuringACut(dev.handoff.testkit.FaultProxy proxy, SessionStore store, String id,
      SessionChange change) {
    long now = System.currentTimeMillis();
    Creates.created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null, Map.of("counter", b("1"))));
    proxy.refuseConnections(true);
    proxy.resetConnections();
    long deadline = System.currentTimeMillis() + 10_000;
    SaveResult queued;
    do {
      queued = store.save(id, change);
    } while (queued.status() != SaveResult.Status.QUEUED && System.currentTimeMillis() < deadline);
    assertEquals(SaveResult.Status.QUEUED, queued.status());
    proxy.heal();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] b(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
