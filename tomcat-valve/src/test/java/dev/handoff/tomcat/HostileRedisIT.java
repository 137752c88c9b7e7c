package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.store.Login;
import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 13, tests 1 and 2, on real Tomcat 11 with the drop-in jar: the test plays whoever can write
 * Redis, with Redis commands only. Node "sealed" runs with a sessionKey (the tests' default); node
 * "clear" with none, on another namespace, to show each attack does work where nothing stops it.
 * The webapp's {@code Tag.hashCode} appends to a marker file: the code an attacker wants run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRedisIT {

  private StandaloneRedis redis;
  private TomcatFleet sealed;
  private TomcatFleet clear;
  private Path mark;

  @BeforeAll
  void start() throws Exception {
    mark = Files.createTempFile("handoff-hash-mark", ".txt");
    redis = Redis.standalone().start();
    Map<String, String> properties = Map.of("handoff.test.hashMark", mark.toString());
    sealed = TomcatFleet.start("11", 1, Map.of("address", redis.uri(), "namespace", "sealed",
        "processExpiresFrequency", "1", "expiryGrace", "1m"), properties);
    clear = TomcatFleet.start("11", 1, Map.of("address", redis.uri(), "namespace", "clear", "sessionKey", ""),
        properties);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {sealed, clear, redis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  @Test
  void aPlantedHashSetOfAWebappClass_runsNothingOnASealedNode_onAPageOrInTheExpirySweep() throws Exception {
    try (RespClient r = redis.node().client()) {
      // Genuine bytes of a HashSet<Tag>, made by Handoff's own serializer (the clear node writes them).
      Browser source = new Browser();
      source.get(clear.url(0, "/tags?format=json&add=planted"));
      String sourceKey = onlyNewKey(r, Set.of(), "a:tags");

      Browser victim = new Browser();
      Set<String> before = sessionKeys(r);
      victim.get(sealed.url(0, "/counter?format=json"));
      String victimKey = onlyNewKey(r, before, "a:counter");
      Files.writeString(mark, "");
      copyField(r, sourceKey, "a:tags", victimKey, "a:tags");
      checksRedis(victim);

      assertEquals(List.of(), victim.get(sealed.url(0, "/tags?format=json")).json().get("tags"),
          "the planted set is refused\n" + sealed.logs());
      victim.get(sealed.url(0, "/session?format=json")); // a page that reads every attribute
      assertEquals(2, ((Number) victim.get(sealed.url(0, "/counter?format=json")).json().get("counter")).intValue(),
          "the rest of the session works");
      assertEquals("", Files.readString(mark), "Tag.hashCode ran on the sealed node");
      assertTrue(sealed.logs().contains("the value of a:tags is refused"), sealed.logs());

      // The sweep, with no request at all: a new hash no node holds, indexed as expired.
      String digest = victimKey.substring(victimKey.indexOf("s2:{") + 4, victimKey.length() - 1);
      String plantedDigest = "Planted" + digest.substring(7);
      String plantedKey = victimKey.replace(digest, plantedDigest);
      long past = System.currentTimeMillis() - 60_000;
      r.call("COPY", victimKey, plantedKey);
      r.call("HSET", plantedKey, "la", String.valueOf(past - 1000), "mi", "1", "ex", String.valueOf(past));
      String bucket = sessionKeys(r, "*sealed*x2:*").iterator().next();
      r.call("ZADD", bucket, String.valueOf(past), plantedDigest);
      long deadline = System.currentTimeMillis() + 40_000;
      while (r.integer("EXISTS", plantedKey) == 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
      }
      assertEquals(0L, r.integer("EXISTS", plantedKey), "the sweep expired the planted hash\n" + sealed.logs());
      assertTrue(sealed.logs().contains("session-destroyed"), "its listener fired\n" + sealed.logs());
      assertEquals("", Files.readString(mark), "Tag.hashCode ran in the expiry sweep");

      // The same bytes planted on the node without a key: its page runs the webapp's code.
      Browser other = new Browser();
      before = sessionKeys(r);
      other.get(clear.url(0, "/counter?format=json"));
      String otherKey = onlyNewKey(r, before, "a:counter");
      copyField(r, sourceKey, "a:tags", otherKey, "a:tags");
      checksRedis(other);
      assertEquals(List.of("planted"), other.get(clear.url(0, "/tags?format=json")).json().get("tags"));
      assertTrue(Files.readString(mark).contains("planted"), "without a key the plant runs (the attack is real)");
    }
  }

  @Test
  void aForgedLogin_opensNothingOnASealedNode() {
    byte[] forged = new Login("mallory", List.of("user"), null).toBytes();
    try (RespClient r = redis.node().client()) {
      Browser attacker = new Browser();
      forgeLogin(r, sealed, attacker, forged);
      Browser.Response secure = attacker.get(sealed.url(0, "/secure/?format=json"));
      assertTrue(secure.body().contains("j_security_check"), "the login form, not the page: " + secure.body());
      assertFalse(secure.body().contains("mallory"), secure.body());

      Browser onClear = new Browser();
      forgeLogin(r, clear, onClear, forged);
      Browser.Response opened = onClear.get(clear.url(0, "/secure/?format=json"));
      assertTrue(opened.body().contains("mallory"), "without a key the forged login is believed: " + opened.body());
    }
  }

  /** A session of {@code browser} on {@code fleet}, not logged in, whose login field is then rewritten. */
  private static void forgeLogin(RespClient r, TomcatFleet fleet, Browser browser, byte[] forged) {
    Set<String> before = sessionKeys(r);
    browser.get(fleet.url(0, "/counter?format=json"));
    String key = onlyNewKey(r, before, "a:counter");
    r.call("HSET", key, "at", "FORM");
    plant(r, key, "pr", forged);
    checksRedis(browser);
  }

  /**
   * A write planted in Redis is not announced: a node that knows its copy current (issue 15) serves
   * the copy until something makes it check. The client's version cookie is one such thing, and a
   * client sends what cookies it likes: without one, the node checks Redis, finds the version the
   * plant bumped, and reads the planted bytes.
   */
  private static void checksRedis(Browser browser) {
    browser.removeCookie(dev.handoff.store.VersionCookie.NAME);
  }

  private static Set<String> sessionKeys(RespClient r) {
    return sessionKeys(r, "*s2:*");
  }

  private static Set<String> sessionKeys(RespClient r, String pattern) {
    Set<String> keys = new HashSet<>();
    String cursor = "0";
    do {
      List<?> reply = (List<?>) r.call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
      cursor = String.valueOf(reply.get(0));
      for (Object key : (List<?>) reply.get(1)) {
        keys.add(String.valueOf(key));
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  /** The one session key that appeared since {@code before} and has {@code field}. */
  private static String onlyNewKey(RespClient r, Set<String> before, String field) {
    List<String> found = new ArrayList<>();
    for (String key : sessionKeys(r)) {
      if (!before.contains(key) && r.integer("HEXISTS", key, field) == 1) {
        found.add(key);
      }
    }
    assertEquals(1, found.size(), "new sessions with " + field + ": " + found);
    return found.get(0);
  }

  /** HSET of binary bytes, server-side from hex, as redis-cli would send them; the version bumped, so nodes reload. */
  private static void plant(RespClient r, String key, String field, byte[] value) {
    StringBuilder hex = new StringBuilder();
    for (byte b : value) {
      hex.append(String.format("%02x", b & 0xFF));
    }
    r.call("EVAL", "local s = ARGV[2]:gsub('..', function(h) return string.char(tonumber(h, 16)) end)"
        + " redis.call('HSET', KEYS[1], ARGV[1], s) redis.call('HINCRBY', KEYS[1], 'v', 1) return 1", "1", key, field,
        hex.toString());
  }

  private static void copyField(RespClient r, String from, String field, String to, String toField) {
    r.call("EVAL", "redis.call('HSET', KEYS[2], ARGV[2], redis.call('HGET', KEYS[1], ARGV[1]))"
        + " redis.call('HINCRBY', KEYS[2], 'v', 1) return 1",
        "2", from, to, field, toField);
  }
}
