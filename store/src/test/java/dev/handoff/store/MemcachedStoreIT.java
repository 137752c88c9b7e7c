package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.MemcachedServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on Memcached: two real memcached servers (the client spreads the sessions
 * over them), every test in a namespace of its own, sessions sealed as in production.
 */
class MemcachedStoreIT extends SessionStoreContract {

  private static MemcachedServer first;
  private static MemcachedServer second;

  @BeforeAll
  static void startServers() {
    first = MemcachedServer.start("contract-1");
    second = MemcachedServer.start("contract-2");
  }

  @AfterAll
  static void stopServers() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Override
  protected StoreConfig.Builder newConfig() {
    return StoreConfig.builder().namespace("test-" + UUID.randomUUID().toString().substring(0, 8))
        .addresses(List.of(first.uri(), second.uri())).commandTimeout(java.time.Duration.ofSeconds(3))
        .expiryBuckets(4).sessionKey(dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY);
  }

  @Override
  protected SessionStore open(StoreConfig config) {
    return SessionStore.open(config);
  }

  /**
   * After a server lost, each node writes back the copies it holds, and two nodes may hold one
   * session: one copy stale (last used before the other node's request changed it). Whichever
   * node writes back first, the copy used last stands, and the other node's create is refused
   * (it drops its copy and loads that one). It failed before: the first write-back stood.
   */
  @org.junit.jupiter.api.Test
  void writeBacksOfOneSession_fromTwoNodes_leaveTheCopyUsedLast() {
    long now = System.currentTimeMillis();
    for (boolean staleFirst : new boolean[] {true, false}) {
      String id = newId();
      SessionRecord stale = newSession(id, now - 5_000, 60, Map.of("counter", b("1"), "gone", b("removed since")));
      SessionRecord latest = newSession(id, now, 60, Map.of("counter", b("2")));
      SaveResult firstWrite = (staleFirst ? store : otherNode).create(staleFirst ? stale : latest, SessionStore.newCreateToken());
      SaveResult secondWrite = (staleFirst ? otherNode : store).create(staleFirst ? latest : stale, SessionStore.newCreateToken());
      assertEquals(SaveResult.Status.SAVED, firstWrite.status());
      assertEquals(staleFirst ? SaveResult.Status.SAVED : SaveResult.Status.ID_TAKEN, secondWrite.status(),
          staleFirst ? "the later copy replaces the stale one" : "the stale copy is refused");
      SessionRecord loaded = store.load(id).orElseThrow();
      assertEquals(Map.of("counter", "2"), text(loaded.attributes()), "stale first: " + staleFirst);
    }
  }
}
