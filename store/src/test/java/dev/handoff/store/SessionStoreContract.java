package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link SessionStore}, run against each implementation (the in-memory
 * store of the testkit, Redis in every topology) by a subclass that says how to open one. Every
 * test uses its own namespace, so they cannot see each other's sessions. What only a Redis store
 * can show (keys, TTLs, the dump of a server) is in the Redis subclass.
 */
public abstract class SessionStoreContract {

  /** Settings for a store of a new namespace, on the server the subclass runs. */
  protected abstract StoreConfig.Builder newConfig();

  /** A store on that server: a node of the fleet when its namespace is shared. */
  protected abstract SessionStore open(StoreConfig config);

  protected SessionStore store;
  protected SessionStore otherNode;

  @BeforeEach
  void openStores() {
    StoreConfig.Builder config = newConfig();
    store = open(config.nodeName("node-a").build());
    otherNode = open(config.nodeName("node-b").build());
  }

  @AfterEach
  void closeStores() {
    store.close();
    otherNode.close();
  }

  protected static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  protected static String newId() {
    return UUID.randomUUID().toString().replace("-", "").toUpperCase();
  }

  protected static SessionRecord newSession(String id, long now, int maxInactiveSeconds, Map<String, byte[]> attributes) {
    return new SessionRecord(id, now, now, maxInactiveSeconds, 0, "node-a", null, null, attributes);
  }

  @Test
  void create_thenLoadOnAnotherNode_givesEveryField() {
    String id = newId();
    long now = System.currentTimeMillis();
    SessionRecord created = new SessionRecord(id, now - 5, now, 1800, 0, "node-a", b("alice-principal"), "FORM",
        Map.of("cart", b("cart-bytes"), "counter", b("3")));
    assertTrue(created(store, created));
    SessionRecord loaded = otherNode.load(id).orElseThrow();
    assertEquals(id, loaded.id());
    assertEquals(now - 5, loaded.creationTime());
    assertEquals(now, loaded.lastAccessedTime());
    assertEquals(1800, loaded.maxInactiveSeconds());
    assertEquals(1, loaded.version());
    assertEquals("node-a", loaded.lastNode());
    assertArrayEquals(b("alice-principal"), loaded.principal());
    assertEquals("FORM", loaded.authType());
    assertArrayEquals(b("cart-bytes"), loaded.attributes().get("cart"));
    assertArrayEquals(b("3"), loaded.attributes().get("counter"));
  }

  /**
   * A container's numbers (Jetty's cookie time, last save...) are named fields of the record:
   * created, saved and loaded as they were given; a save that names none of them (another
   * container's, or a touch) leaves them, and one that names some changes only those.
   */
  @Test
  void containerFields_roundTripThroughCreateSaveAndLoad_andASaveNotNamingThemLeavesThem() {
    String id = newId();
    long now = System.currentTimeMillis();
    Map<ContainerField, Long> fields = new java.util.EnumMap<>(Map.of(ContainerField.COOKIE_SET, now - 100,
        ContainerField.PREVIOUS_ACCESS, now - 50, ContainerField.LAST_SAVE, now - 1,
        ContainerField.ACCESS_DELTA_MS, -7L, ContainerField.MAX_INACTIVE_DELTA_MS, 400L));
    assertTrue(created(store, new SessionRecord(id, now, now, 60, 0, "node-a", null, null, Map.of("a", b("1")),
        fields)));
    assertEquals(fields, otherNode.load(id).orElseThrow().containerFields(), "created and loaded");

    otherNode.save(id, SessionChange.builder().containerField(ContainerField.COOKIE_SET, now + 5)
        .containerField(ContainerField.ACCESS_DELTA_MS, 0).lastAccessedTime(now + 5).build());
    fields.put(ContainerField.COOKIE_SET, now + 5);
    fields.put(ContainerField.ACCESS_DELTA_MS, 0L);
    assertEquals(fields, store.load(id).orElseThrow().containerFields(), "a save naming two changed those two");

    store.save(id, SessionChange.builder().set("a", b("2")).remove("none").lastAccessedTime(now + 10)
        .maxInactiveSeconds(120).login(b("bob"), "BASIC").build());
    store.read(id, 0, true);
    SessionRecord loaded = otherNode.load(id).orElseThrow();
    assertEquals(fields, loaded.containerFields(), "a save naming none, and a touch, left them");
    assertArrayEquals(b("2"), loaded.attributes().get("a"));
    assertEquals(120, loaded.maxInactiveSeconds());

    String plain = newId();
    assertTrue(created(store, newSession(plain, now, 60, Map.of())));
    assertEquals(Map.of(), otherNode.load(plain).orElseThrow().containerFields(), "none written, none read");
  }

  @Test
  void create_isCreateOnly() {
    String id = newId();
    long now = System.currentTimeMillis();
    assertTrue(created(store, newSession(id, now, 60, Map.of("a", b("1")))));
    assertFalse(created(otherNode, newSession(id, now, 60, Map.of("a", b("other")))));
    assertArrayEquals(b("1"), store.load(id).orElseThrow().attributes().get("a"));
  }

  @Test
  void save_writesOnlyTheChange_bumpsTheVersion_andIsSeenByTheOtherNode() {
    String id = newId();
    long now = System.currentTimeMillis();
    created(store, newSession(id, now, 60, Map.of("keep", b("k"), "drop", b("d"), "change", b("old"))));
    SaveResult saved = store.save(id, SessionChange.builder().set("change", b("new")).set("added", b("+"))
        .remove("drop").lastAccessedTime(now + 10).login(b("bob"), "BASIC").build());
    assertEquals(SaveResult.Status.SAVED, saved.status());
    assertEquals(2, saved.version());
    SessionRecord loaded = otherNode.load(id).orElseThrow();
    assertEquals(Map.of("keep", "k", "change", "new", "added", "+"), text(loaded.attributes()));
    assertEquals(now + 10, loaded.lastAccessedTime());
    assertEquals("BASIC", loaded.authType());
    assertEquals("node-a", loaded.lastNode());
    otherNode.save(id, SessionChange.builder().login(null, null).build());
    SessionRecord loggedOut = store.load(id).orElseThrow();
    assertNull(loggedOut.principal());
    assertNull(loggedOut.authType());
  }

  @Test
  void concurrentSavesOfDifferentAttributes_fromTwoNodes_allSurvive() throws Exception {
    String id = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writes = new ArrayList<>();
    for (SessionStore node : List.of(store, otherNode)) {
      for (int t = 0; t < 2; t++) {
        String prefix = (node == store ? "a" : "b") + t;
        writes.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 50; i++) {
            node.save(id, SessionChange.builder().set(prefix + "-" + i, b(prefix)).build());
          }
          return null;
        }));
      }
    }
    start.countDown();
    for (Future<?> write : writes) {
      write.get();
    }
    pool.shutdown();
    SessionRecord loaded = store.load(id).orElseThrow();
    assertEquals(200, loaded.attributes().size(), "no save lost another's attribute");
    assertEquals(201, loaded.version(), "every save bumped the version once");
  }

  @Test
  void delete_isFinal_aLateSaveDoesNotBringTheSessionBack() {
    String id = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of("a", b("1"))));
    otherNode.delete(id);
    assertEquals(SaveResult.Status.GONE, store.save(id, SessionChange.builder().set("a", b("2")).build()).status());
    assertTrue(store.load(id).isEmpty());
    assertFalse(store.exists(id));
    assertInstanceOf(ReadResult.Gone.class, store.read(id, 1, true));
  }

  @Test
  void read_currentCopy_staleCopy_andTouch() {
    String id = newId();
    long now = System.currentTimeMillis();
    created(store, newSession(id, now - 30_000, 60, Map.of("a", b("1"))));
    ReadResult current = store.read(id, 1, false);
    assertEquals(new ReadResult.Current(1, now - 30_000, 60), current);

    otherNode.save(id, SessionChange.builder().set("a", b("2")).build());
    ReadResult stale = store.read(id, 1, false);
    assertInstanceOf(ReadResult.Loaded.class, stale);
    SessionRecord fresh = ((ReadResult.Loaded) stale).record();
    assertEquals(2, fresh.version());
    assertArrayEquals(b("2"), fresh.attributes().get("a"));

    ReadResult touched = store.read(id, 2, true);
    assertInstanceOf(ReadResult.Current.class, touched);
    assertEquals(2, ((ReadResult.Current) touched).version(), "a touch moves the last access, not the version");
    assertTrue(((ReadResult.Current) touched).lastAccessedTime() >= now, "the touch moved the last access");
    assertEquals(now, ((ReadResult.Current) store.read(id, 2, false)).lastAccessedTime(), 1000, "and it was written");
  }

  @Test
  void touchDue_skipsSmallMoves() {
    long now = 1_000_000;
    assertFalse(store.touchDue(now - 100_000, 1800, now), "100 s of 1800 s is under the default 0.1");
    assertTrue(store.touchDue(now - 200_000, 1800, now));
  }

  @Test
  void twoNamespacesOnOneRedis_areIsolated() {
    String id = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of("a", b("1"))));
    try (SessionStore otherApp = open(newConfig().build())) {
      assertTrue(otherApp.load(id).isEmpty());
      assertFalse(otherApp.exists(id));
      assertTrue(created(otherApp, newSession(id, System.currentTimeMillis(), 60, Map.of("a", b("other-app")))));
    }
    assertArrayEquals(b("1"), store.load(id).orElseThrow().attributes().get("a"));
  }

  @Test
  void expiredSession_isClaimedByExactlyOneOfThreeNodes_withItsData() throws Exception {
    String id = newId();
    long now = System.currentTimeMillis();
    created(store, newSession(id, now - 10_000, 1, Map.of("cart", b("three items"))));
    assertTrue(store.load(id).isEmpty(), "an expired session does not load");
    try (SessionStore third = open(newConfig().namespace(store.config().namespace()).nodeName("node-c").build())) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<List<ExpiredSession>>> claims = new ArrayList<>();
      for (SessionStore node : List.of(store, otherNode, third)) {
        claims.add(pool.submit(() -> node.claimExpired(100)));
      }
      List<ExpiredSession> won = new ArrayList<>();
      SessionStore winner = null;
      for (int i = 0; i < claims.size(); i++) {
        List<ExpiredSession> claimed = claims.get(i).get();
        won.addAll(claimed);
        if (!claimed.isEmpty()) {
          winner = List.of(store, otherNode, third).get(i);
        }
      }
      pool.shutdown();
      assertEquals(1, won.size(), "exactly one node claims it");
      assertArrayEquals(b("three items"), won.get(0).record().attributes().get("cart"));
      assertClaimedName(id, winner == store, won.get(0).record().id());
      third.finishExpiry(won.get(0));
      assertFalse(store.exists(id));
      assertTrue(store.claimExpired(100).isEmpty(), "and never again");
    }
  }

  @Test
  void lock_excludesOtherHolders_untilReleased_andEndsWithItsLeaseWhenItsHolderDies() {
    String id = newId();
    StoreConfig.Builder shortWait = newConfig().namespace(store.config().namespace())
        .lockWait(java.time.Duration.ofMillis(200));
    SessionStore nodeA = open(shortWait.lockLease(java.time.Duration.ofMillis(1500)).build());
    try (SessionStore nodeB = open(shortWait.lockLease(java.time.Duration.ofSeconds(30)).build());
        SessionStore nodeC = open(shortWait.build())) {
      nodeA.exists(id); // connections up before the clock matters
      nodeB.exists(id);
      nodeC.exists(id);
      nodeA.lock(id).orElseThrow();
      assertTrue(nodeB.lock(id).isEmpty(), "held elsewhere: gives up after lockWait");
      nodeA.close(); // nodeA dies holding the lock: nobody renews or releases it
      sleep(1700); // nodeA's lease (1.5 s) runs out
      SessionLock second = nodeB.lock(id).orElseThrow();
      assertTrue(nodeC.lock(id).isEmpty(), "held by nodeB");
      second.close();
      nodeC.lock(id).orElseThrow().close();
    } finally {
      nodeA.close();
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected static void sleepUntil(long time) {
    sleep(Math.max(0, time - System.currentTimeMillis()));
  }

  /** Issue 12, test 4 at the store: a session past its expiry that no sweep has claimed yet. */
  @Test
  void read_expiredNotYetClaimed_isGoneForEveryRead_andATouchDoesNotExtendIt() {
    String id = newId();
    long now = System.currentTimeMillis();
    created(store, newSession(id, now - 1_500, 1, Map.of("counter", b("7"))));
    assertInstanceOf(ReadResult.Gone.class, store.read(id, 1, true), "the copy's check, with a touch");
    assertInstanceOf(ReadResult.Gone.class, otherNode.read(id, 0, true), "a load on another node");
    assertTrue(otherNode.load(id).isEmpty());
    assertFalse(otherNode.exists(id));
    assertEquals(SaveResult.Status.GONE, store.save(id, SessionChange.builder().set("counter", b("8"))
        .lastAccessedTime(System.currentTimeMillis()).build()).status(), "a late save does not bring it back");
    List<ExpiredSession> claimed = otherNode.claimExpired(100);
    assertEquals(1, claimed.stream().filter(e -> e.record().attributes().containsKey("counter")).count(),
        "still claimed once by a sweep, with its attributes, for its listeners");
    assertArrayEquals(b("7"), claimed.get(0).record().attributes().get("counter"));
  }

  /** Issue 12, test 5 at the store: a create resent after its first attempt was written. */
  @Test
  void create_resentWithItsToken_countsAsSaved_anotherTokenIsRefused() {
    String id = newId();
    long now = System.currentTimeMillis();
    String token = SessionStore.newCreateToken();
    assertEquals(SaveResult.Status.SAVED, store.create(newSession(id, now, 60, Map.of("a", b("1"))), token).status());
    otherNode.save(id, SessionChange.builder().set("b", b("other node")).build()); // version 2
    SaveResult resent = store.create(newSession(id, now, 60, Map.of("a", b("2"))), token);
    assertEquals(SaveResult.Status.SAVED, resent.status(), "the same copy's resent create is its own");
    assertEquals(3, resent.version(), "versions never go back");
    SessionRecord loaded = otherNode.load(id).orElseThrow();
    assertArrayEquals(b("2"), loaded.attributes().get("a"));
    assertArrayEquals(b("other node"), loaded.attributes().get("b"), "the other node's change is kept");
    assertEquals(SaveResult.Status.ID_TAKEN,
        otherNode.create(newSession(id, now, 60, Map.of("a", b("evil"))), SessionStore.newCreateToken()).status());
    assertArrayEquals(b("2"), store.load(id).orElseThrow().attributes().get("a"), "another session's create wrote nothing");
  }

  @Test
  void saveAboveMaxSessionBytes_isRefused() {
    try (SessionStore small = open(newConfig().maxSessionBytes(1024).build())) {
      String id = newId();
      created(small, newSession(id, System.currentTimeMillis(), 60, Map.of()));
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> small.save(id, SessionChange.builder().set("big", new byte[2000]).build()));
      assertTrue(e.getMessage().contains("above maxSessionBytes = 1024"), e.getMessage());
      assertFalse(e.getMessage().contains(id), "no session id in the message");
    }
  }

  /** maxSessionBytes is the whole session: a save whose change is small but whose session it makes too big. */
  @Test
  void saveThatMakesTheWholeSessionTooBig_isRefused_andWritesNothing() {
    try (SessionStore small = open(newConfig().maxSessionBytes(1024).build())) {
      String id = newId();
      created(small, newSession(id, System.currentTimeMillis(), 60, Map.of("a", new byte[600])));
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> small.save(id, SessionChange.builder().set("b", new byte[600]).build()));
      assertTrue(e.getMessage().contains("above maxSessionBytes = 1024"), e.getMessage());
      SessionRecord kept = small.load(id).orElseThrow();
      assertEquals(1, kept.version(), "nothing was written");
      assertFalse(kept.attributes().containsKey("b"));
      assertEquals(SaveResult.Status.SAVED, small.save(id, SessionChange.builder().set("a", new byte[900]).build())
          .status(), "a value replaced counts once: 900 bytes in all");
      assertEquals(SaveResult.Status.SAVED, small.save(id, SessionChange.builder().remove("a").set("b", new byte[1000])
          .build()).status(), "a value removed counts no more");
    }
  }

  /** maxSessionBytes on read: a session above it (written by a node with a higher limit) is refused, and kept. */
  @Test
  void readOfASessionAboveMaxSessionBytes_isAClearError_andTheSessionIsKept() {
    String id = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of("big", new byte[3000])));
    try (SessionStore small = open(newConfig().namespace(store.config().namespace()).maxSessionBytes(1024).build())) {
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> small.load(id));
      assertTrue(e.getMessage().contains("3000 bytes") && e.getMessage().contains("maxSessionBytes = 1024"), e.getMessage());
      assertFalse(e.getMessage().contains(id), "no session id in the message");
      assertTrue(small.exists(id), "asking whether it exists fetches no bytes: allowed");
    }
    assertEquals(3000, store.load(id).orElseThrow().attributes().get("big").length, "kept in the store");
  }

  /**
   * How a claimed expired session is named: by its id on the node that created it; elsewhere the
   * store may hold no id (Redis holds none), so a stand-in starting with "expired-" is allowed.
   */
  protected void assertClaimedName(String id, boolean claimedByCreator, String claimedName) {
    assertTrue(claimedName.equals(id) || (!claimedByCreator && claimedName.startsWith("expired-")), claimedName);
  }

  /** A create with a fresh create token, true when it was written. */
  protected static boolean created(SessionStore store, SessionRecord record) {
    return store.create(record, SessionStore.newCreateToken()).status() == SaveResult.Status.SAVED;
  }

  protected static Map<String, String> text(Map<String, byte[]> attributes) {
    Map<String, String> text = new java.util.HashMap<>();
    attributes.forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
    return text;
  }
}
