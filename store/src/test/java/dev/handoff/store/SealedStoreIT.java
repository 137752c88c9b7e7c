package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13 at the store: with a sessionKey every value that carries data is sealed, bound to its
 * session and field. A test that plays whoever can read Redis (a dump) and whoever can write it
 * (values copied between sessions and fields, values planted in clear).
 */
class SealedStoreIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final String KEY_1 = newKey();
  private static final String KEY_2 = newKey();

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private SessionStore open(String namespace, String keys) {
    return SessionStore.open(StoreTopologies.configFor(REDIS.topology()).namespace(namespace).sessionKey(keys).build());
  }

  private static SessionRecord session(String id, String user, Map<String, byte[]> attributes) {
    long now = System.currentTimeMillis();
    return new SessionRecord(id, now, now, 1800, 0, "node-a", user == null ? null : b(user), "FORM", attributes);
  }

  private static String key(SessionStore store, String id) {
    Keys keys = ((RedisSessionStore) store).keys();
    return keys.session(keys.digest(id));
  }

  @Test
  void sealed_aDumpOfRedisHoldsNoValueNoUserNoId_andTheStoreReadsThemBack() {
    String namespace = "sealed-" + newId();
    try (SessionStore store = open(namespace, KEY_1)) {
      String id = newId();
      Creates.created(store, session(id, "alice-the-user", Map.of("cart", b("three-secret-items"))));
      store.save(id, SessionChange.builder().set("note", b("a-private-note")).login(b("bob-the-admin"), "FORM").build());
      String dump = StoreTopologies.dump(REDIS.topology());
      assertTrue(dump.contains("a:cart"), "the dump has the session");
      for (String secret : List.of("three-secret-items", "a-private-note", "alice-the-user", "bob-the-admin", id)) {
        assertFalse(dump.contains(secret), "in clear in Redis: " + secret);
      }
      SessionRecord loaded = store.load(id).orElseThrow();
      assertArrayEquals(b("three-secret-items"), loaded.attributes().get("cart"));
      assertArrayEquals(b("a-private-note"), loaded.attributes().get("note"));
      assertArrayEquals(b("bob-the-admin"), loaded.principal());
    }
  }

  @Test
  void aValueMovedToAnotherSessionOrField_isRefused_costsThatValueOnly_andStaysInRedis() {
    String namespace = "sealed-" + newId();
    try (SessionStore store = open(namespace, KEY_1); RespClient redis = REDIS.topology().node().client()) {
      String admin = newId();
      String victim = newId();
      Creates.created(store, session(admin, "admin", Map.of("role", b("admin-role"))));
      Creates.created(store, session(victim, null, Map.of("role", b("guest-role"), "cart", b("tea"))));
      String copy = "redis.call('HSET', KEYS[2], ARGV[2], redis.call('HGET', KEYS[1], ARGV[1])) return 1";
      redis.call("EVAL", copy, "2", key(store, admin), key(store, victim), "a:role", "a:role");
      redis.call("EVAL", copy, "2", key(store, admin), key(store, victim), "pr", "pr");
      redis.call("EVAL", copy, "2", key(store, victim), key(store, victim), "a:cart", "a:extra");

      SessionRecord loaded = store.load(victim).orElseThrow();
      assertNull(loaded.attributes().get("role"), "another session's value does not open here");
      assertNull(loaded.principal(), "nor its login");
      assertNull(loaded.attributes().get("extra"), "a value moved to another field does not open");
      assertArrayEquals(b("tea"), loaded.attributes().get("cart"), "the rest of the session is read");
      assertEquals(1L, redis.integer("HEXISTS", key(store, victim), "a:role"), "the refused value stays in Redis");
    }
  }

  @Test
  void aValuePlantedInClear_isRefused() {
    String namespace = "sealed-" + newId();
    try (SessionStore store = open(namespace, KEY_1); RespClient redis = REDIS.topology().node().client()) {
      String id = newId();
      Creates.created(store, session(id, null, Map.of("cart", b("tea"))));
      redis.call("HSET", key(store, id), "a:planted", "raw bytes", "pr", "forged-admin");
      SessionRecord loaded = store.load(id).orElseThrow();
      assertFalse(loaded.attributes().containsKey("planted"));
      assertNull(loaded.principal(), "a forged login is no login");
      assertArrayEquals(b("tea"), loaded.attributes().get("cart"));
    }
  }

  @Test
  void keyRotation_newKeyFirst_thenTheOldOneRemoved_logsNobodyOut() {
    String namespace = "sealed-" + newId();
    String old = newId();
    String rewritten = newId();
    try (SessionStore before = open(namespace, KEY_1)) {
      Creates.created(before, session(old, "ann", Map.of("cart", b("old-cart"))));
      Creates.created(before, session(rewritten, "ben", Map.of("cart", b("ben-cart"))));
    }
    try (SessionStore rotating = open(namespace, KEY_2 + "," + KEY_1)) {
      assertArrayEquals(b("old-cart"), rotating.load(old).orElseThrow().attributes().get("cart"), "the old key opens");
      rotating.save(rewritten, SessionChange.builder().set("cart", b("ben-cart-2")).login(b("ben"), "FORM").build());
      try (SessionStore oldNode = open(namespace, KEY_1)) {
        assertNull(oldNode.load(rewritten).orElseThrow().attributes().get("cart"), "a node without the new key cannot open it");
      }
    }
    try (SessionStore after = open(namespace, KEY_2)) {
      SessionRecord ben = after.load(rewritten).orElseThrow();
      assertArrayEquals(b("ben-cart-2"), ben.attributes().get("cart"), "rewritten under the new key: still open");
      assertArrayEquals(b("ben"), ben.principal(), "still logged in");
      assertNull(after.load(old).orElseThrow().attributes().get("cart"), "sealed by the removed key only: refused");
    }
  }

  @Test
  void theExpirySweep_opensSealedValuesForTheListeners() throws Exception {
    String namespace = "sealed-" + newId();
    try (SessionStore store = open(namespace, KEY_1)) {
      String id = newId();
      long past = System.currentTimeMillis() - 10_000;
      Creates.created(store, new SessionRecord(id, past, past, 1, 0, "n", b("carol"), "FORM", Map.of("cart", b("tea"))));
      List<ExpiredSession> claimed = store.claimExpired(10);
      assertEquals(1, claimed.size());
      assertArrayEquals(b("tea"), claimed.get(0).record().attributes().get("cart"));
      assertArrayEquals(b("carol"), claimed.get(0).record().principal());
    }
  }

  @Test
  void aSessionKeyThatIsNotAKey_isAClearError() {
    IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
        () -> StoreConfig.builder().namespace("x").sessionKey(KEY_1 + ",not a key!").build());
    assertTrue(notBase64.getMessage().contains("sessionKey: entry 2"), notBase64.getMessage());
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> Settings.parse(Map.of("sessionKey", Base64.getEncoder().encodeToString(new byte[10])), b -> b.namespace("x")));
    assertTrue(tooShort.getMessage().contains("10 bytes") && tooShort.getMessage().contains("openssl rand -base64 32"),
        tooShort.getMessage());
    assertFalse(StoreConfig.builder().namespace("x").sessionKey(KEY_1).build().toString().contains(KEY_1),
        "the key is not in the logged settings");
    assertFalse(Settings.parse(Map.of("sessionKey", KEY_1), b -> b.namespace("x")).toString().contains(KEY_1),
        "nor in the adapters' line of effective settings");
  }
}
