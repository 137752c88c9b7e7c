package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.RedisTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store contract against Redis in one topology (the subclass names it), and what only a Redis
 * store can show: its keys, their TTLs and slots, the expiry index, the dump of the server.
 */
abstract class RedisStoreContract extends SessionStoreContract {

  /** The running topology of the subclass. */
  abstract RedisTopology topology();

  @Override
  protected StoreConfig.Builder newConfig() {
    return StoreTopologies.configFor(topology());
  }

  @Override
  protected SessionStore open(StoreConfig config) {
    return SessionStore.open(config);
  }

  private Keys keys() {
    return ((RedisSessionStore) store).keys();
  }

  @Override
  protected void assertClaimedName(String id, boolean claimedByCreator, String claimedName) {
    // Redis holds no id: the creator names it by the id it saw, another node by a stand-in.
    assertEquals(claimedByCreator ? id : KnownIds.STAND_IN_PREFIX + keys().digest(id), claimedName);
  }

  /**
   * The fleet's sessions on this topology (on a cluster the user's set, the sessions and the index
   * buckets are in different slots): a user's sessions listed and ended, another user's kept.
   */
  @Test
  void fleet_aUsersSessions_areListedAndEnded_othersKept() {
    String alice = "alice-" + newId();
    long now = System.currentTimeMillis();
    String first = newId();
    String second = newId();
    String bobs = newId();
    for (String[] session : new String[][] {{first, alice}, {second, alice}, {bobs, "bob-" + alice}}) {
      created(store, new SessionRecord(session[0], now, now, 1800, 0, "n",
          new Login(session[1], java.util.List.of(), null).toBytes(), "FORM", Map.of("a", b("1"))));
    }
    assertEquals(2, store.fleet().sessionsOf(alice).size());
    assertTrue(store.fleet().count() >= 3);
    assertEquals(2, store.fleet().invalidateSessionsOf(alice));
    assertTrue(store.load(first).isEmpty() && store.load(second).isEmpty(), "ended");
    assertTrue(store.load(bobs).isPresent(), "another user's session stays");
    assertEquals(0, store.fleet().sessionsOf(alice).size());
  }

  @Test
  void touch_extendsTheTtl() {
    String id = newId();
    long now = System.currentTimeMillis();
    created(store, newSession(id, now - 30_000, 60, Map.of("a", b("1"))));
    String key = keys().session(keys().digest(id));
    long ttlBefore = StoreTopologies.pttl(topology(), key);
    assertInstanceOf(ReadResult.Current.class, store.read(id, 1, true));
    assertTrue(StoreTopologies.pttl(topology(), key) > ttlBefore + 20_000, "the touch extended the TTL");
  }

  @Test
  void keys_hideTheSessionId_carryTheNamespace_shareOneSlot_andAllHaveATtl() {
    String id = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of("a", b("1"))));
    try (SessionLock lock = store.lock(id).orElseThrow()) {
      List<String> keys = StoreTopologies.allKeys(topology()).stream()
          .filter(k -> k.startsWith(keys().base())).toList();
      assertTrue(keys.size() >= 3, "session, lock and an index bucket: " + keys);
      String digest = keys().digest(id);
      for (String key : keys) {
        assertFalse(key.contains(id), "the id in clear in " + key);
        assertTrue(StoreTopologies.pttl(topology(), key) > 0, "no TTL on " + key);
      }
      String sessionKey = keys().session(digest);
      String lockKey = keys().lock(digest);
      assertEquals(hashTag(sessionKey), hashTag(lockKey), "one slot for all keys of a session");
    }
  }

  @Test
  void touchedSession_isReindexedNotExpired_andOrphansAreCleaned() {
    String alive = newId();
    String orphan = newId();
    long now = System.currentTimeMillis();
    created(store, newSession(alive, now - 2_000, 3, Map.of())); // indexed to expire at now + 1 s
    created(store, newSession(orphan, now - 2_000, 1, Map.of()));
    store.read(alive, 1, true); // still in use: its real expiry moved to 3 s from now
    long realExpiry = StoreTopologies.number(topology(), keys().session(keys().digest(alive)), "ex");
    sleepUntil(now + 1_100); // its index entry is due, its session is not
    String orphanKey = keys().session(keys().digest(orphan));
    ((RedisSessionStore) store).redis().getKeys().delete(orphanKey); // as if its TTL ran out before any sweep
    assertTrue(store.claimExpired(100).isEmpty());
    String bucket = keys().bucketOf(keys().digest(alive));
    Double score = ((RedisSessionStore) store).redis().getScoredSortedSet(bucket, org.redisson.client.codec.StringCodec.INSTANCE)
        .getScore(keys().digest(alive));
    assertEquals((double) realExpiry, score, "re-indexed at its real expiry");
    String orphanBucket = keys().bucketOf(keys().digest(orphan));
    assertNull(((RedisSessionStore) store).redis().getScoredSortedSet(orphanBucket, org.redisson.client.codec.StringCodec.INSTANCE)
        .getScore(keys().digest(orphan)), "the orphan left the index");
  }

  /** Issue 12, test 7 at the store: nothing in Redis names a live session id. */
  @Test
  void redis_holdsNoSessionIdInClear() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = newId();
      ids.add(id);
      created(store, new SessionRecord(id, System.currentTimeMillis(), System.currentTimeMillis(), 60, 0,
          "node-a", b("alice"), "FORM", Map.of("cart", b("x"))));
      otherNode.save(id, SessionChange.builder().set("counter", b("1")).build());
      store.lock(id).ifPresent(SessionLock::close);
      created(store, new SessionRecord(id + "R", System.currentTimeMillis(), System.currentTimeMillis(), 60, 0,
          "node-a", b("alice"), "FORM", Map.of("cart", b("x")))); // an id change: written under the new id,
      store.delete(id); // the old one deleted
      ids.add(id + "R");
    }
    String dump = StoreTopologies.dump(topology());
    assertTrue(dump.contains("counter"), "the dump has the sessions");
    for (String id : ids) {
      assertFalse(dump.contains(id), "a session id is in Redis: " + SessionIds.forLog(id));
    }
  }

  /**
   * A hostile or broken writer: a container field that is not a decimal number (here the start of
   * a Java serialization stream) is left out of the record with a warning, never decoded; a store
   * field that is not one makes the session unreadable with an error that names the field; a field
   * the schema does not name is left alone by saves.
   */
  @Test
  void plantedValues_containerFieldLeftOutWithAWarning_storeFieldUnreadable_unknownFieldLeftAlone() {
    String id = newId();
    long now = System.currentTimeMillis();
    created(store, new SessionRecord(id, now, now, 60, 0, "node-a", null, null, Map.of("a", b("1")),
        Map.of(ContainerField.COOKIE_SET, now, ContainerField.LAST_SAVE, now)));
    org.redisson.api.RMap<byte[], byte[]> hash = ((RedisSessionStore) store).redis()
        .getMap(keys().session(keys().digest(id)), org.redisson.client.codec.ByteArrayCodec.INSTANCE);
    hash.fastPut(b("cs"), new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r'});
    hash.fastPut(b("zz"), b("another release's field"));
    SessionRecord loaded;
    try (ConnectionLogCapture log = ConnectionLogCapture.start()) {
      loaded = otherNode.load(id).orElseThrow();
      assertEquals(1, log.lines("hash field cs is not a decimal number", SessionIds.forLog(id)).size(), log.text());
    }
    assertEquals(Map.of(ContainerField.LAST_SAVE, now), loaded.containerFields());
    assertArrayEquals(b("1"), loaded.attributes().get("a"));

    store.save(id, SessionChange.builder().set("a", b("2")).lastAccessedTime(now + 1).build());
    assertArrayEquals(b("another release's field"), hash.get(b("zz")), "a save left the unknown field");

    hash.fastPut(b("ct"), b("12x"));
    MalformedSessionException e = assertThrows(MalformedSessionException.class, () -> otherNode.load(id));
    assertTrue(e.getMessage().contains("hash field ct is not a decimal number"), e.getMessage());
    assertFalse(e.getMessage().contains(id), "no session id in the message");
  }

  /** One expired session with a malformed store field does not stop a sweep: it is skipped (logged), the others expire. */
  @Test
  void sweep_skipsAnExpiredSessionWithAMalformedStoreField_andExpiresTheOthers() {
    String planted = newId();
    String plain = newId();
    long now = System.currentTimeMillis();
    created(store, newSession(planted, now - 10_000, 1, Map.of("a", b("1"))));
    created(store, newSession(plain, now - 10_000, 1, Map.of("a", b("2"))));
    ((RedisSessionStore) store).redis().getMap(keys().session(keys().digest(planted)),
        org.redisson.client.codec.StringCodec.INSTANCE).fastPut("la", "soon");
    List<ExpiredSession> claimed;
    try (ConnectionLogCapture log = ConnectionLogCapture.start()) {
      claimed = store.claimExpired(100);
      assertEquals(1, log.lines("hash field la is not a decimal number", "expired without listeners").size(),
          log.text());
    }
    assertEquals(List.of(plain), claimed.stream().map(e -> e.record().id()).toList());
    assertTrue(store.claimExpired(100).isEmpty(), "the malformed one left the index");
    assertFalse(store.exists(planted), "claimed: gone for every read");
  }

  /** Issue 13: a planted hash of 200,000 fields is refused at once, without listing it; Redis serves everyone else. */
  @Test
  void aPlantedHashOfManyFields_isRefusedWithoutListingIt() {
    String id = newId();
    String neighbour = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of("a", b("1"))));
    created(store, newSession(neighbour, System.currentTimeMillis(), 60, Map.of("a", b("2"))));
    String key = keys().session(keys().digest(id));
    for (int chunk = 0; chunk < 20; chunk++) { // in chunks: each call well within one attempt's timeout
      ((RedisSessionStore) store).redis().getScript(org.redisson.client.codec.StringCodec.INSTANCE).eval(key,
          org.redisson.api.RScript.Mode.READ_WRITE, "for i = 1, 10000 do redis.call('HSET', KEYS[1], 'a:f' .. ARGV[1] .. '-' .. i, 'x') end"
          + " return 1", org.redisson.api.RScript.ReturnType.LONG, List.of(key), String.valueOf(chunk));
    }
    ((RedisSessionStore) store).redis().getScript(org.redisson.client.codec.StringCodec.INSTANCE).eval(key,
        org.redisson.api.RScript.Mode.READ_WRITE, "redis.call('HINCRBY', KEYS[1], 'v', 1) return 1",
        org.redisson.api.RScript.ReturnType.LONG, List.of(key));
    long start = System.nanoTime();
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> otherNode.load(id));
    assertTrue(e.getMessage().contains("200003 fields") || e.getMessage().contains("fields, above"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> store.save(id, SessionChange.builder().set("a", b("3")).build()));
    assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "refused at once");
    assertTrue(otherNode.exists(neighbour) && otherNode.load(neighbour).isPresent(), "the others are served");
  }

  private static String hashTag(String key) {
    return key.substring(key.indexOf('{') + 1, key.indexOf('}'));
  }
}
