package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationConfig;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.testkit.Browser;
import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Pause;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a request costs in Redis commands (counted by the server, INFO commandstats; none of these
 * commands is pipelined with another, so commands are round trips here), and read-your-writes:
 * the session is in Redis before the response reaches the client (G1).
 */
class RequestCostIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  /**
   * What the adapter sends on a request's path: HGETALL (load), EVALSHA (save script), EVAL (a
   * script's first run), ZADD, ZREM, DEL (index, delete). Commands a script runs inside Redis are counted by INFO too, and left out.
   */
  private static final java.util.Set<String> REQUEST_COMMANDS = java.util.Set.of("hgetall", "evalsha", "eval", "zadd",
      "zrem", "del");

  private static JettyNode node;

  @BeforeAll
  static void start() throws Exception {
    node = JettyNode.start("a", REDIS.topology().uri());
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  void commandsPerRequest_withinTheBudget() {
    Browser browser = new Browser();
    browser.get(node.url("/counter"));
    browser.get(node.url("/cart?add=apple"));
    untilServedUnasked(browser, node);

    assertEquals(Map.of(), commandsOf(() -> new Browser().get(node.url("/nosession"))), "no session cookie");
    // Jetty's SessionHandler resolves the session of every request that carries its cookie, used or not.
    // The node's copy is known current (issue 15: the version cookie and the announcements): no read.
    assertEquals(Map.of(), commandsOf(() -> browser.get(node.url("/nosession"))),
        "a page that does not use its session");
    assertEquals(Map.of(), commandsOf(() -> browser.get(node.url("/session"))), "a read-only page");
    assertEquals(Map.of(), commandsOf(() -> browser.get(node.url("/cart"))),
        "reading the cart (a mutable list) without changing it");
    assertEquals(Map.of("evalsha", 1L), commandsOf(() -> browser.get(node.url("/counter"))),
        "a page that sets an attribute: the save");
    assertEquals(Map.of("evalsha", 1L), commandsOf(() -> browser.get(node.url("/cart?add=pear"))),
        "a page that changes the cart in place");
    Browser noVersionCookie = new Browser().setCookie("JSESSIONID", browser.cookie("JSESSIONID"));
    assertEquals(Map.of("evalsha", 1L), commandsOf(() -> noVersionCookie.get(node.url("/session"))),
        "without the version cookie the copy is checked: one read");
  }

  /** Requests the read-only page until it costs no command (the node's store hears its heartbeats). */
  private static void untilServedUnasked(Browser browser, JettyNode on) {
    for (int i = 0; i < 20; i++) {
      if (commandsOf(() -> browser.get(on.url("/session"))).isEmpty()) {
        return;
      }
      Pause.millis(50);
    }
    throw new AssertionError("the copy was never served without a round trip");
  }


  /**
   * Issue 12, test 8: with the node's copy current, a read-only request costs one round trip whose
   * reply is a few bytes (the session holds a cart of 40 items), and exists() transfers no
   * attribute bytes. Counted on the wire, by a proxy between a second Jetty node and Redis.
   */
  @Test
  void readOnlyRequestOnACurrentCopy_oneRoundTripOfAFewBytes_existsTransfersNoAttributes() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(REDIS.topology().node());
        JettyNode wired = JettyNode.start("w", "redis://127.0.0.1:" + proxy.port())) {
      Browser browser = new Browser();
      for (int i = 0; i < 40; i++) {
        browser.get(wired.url("/cart?add=a-rather-long-item-name-" + i));
      }
      browser.get(wired.url("/session"));
      Thread.sleep(200);
      Browser checks = new Browser().setCookie("JSESSIONID", browser.cookie("JSESSIONID")); // no version cookie: checked
      long trips = proxy.roundTrips();
      long bytes = proxy.bytesToClient();
      checks.get(wired.url("/session"));
      assertEquals(1, proxy.roundTrips() - trips, "one round trip");
      assertTrue(proxy.bytesToClient() - bytes < 100,
          "a reply of a few bytes, not the session: " + (proxy.bytesToClient() - bytes) + " bytes");
      try (SessionStore store = SessionStore.open(StoreConfig.builder().sessionKey(dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY).addresses(java.util.List.of("redis://127.0.0.1:" + proxy.port()))
          .namespace(RedisSessionDataStore.defaultNamespace("0.0.0.0", "/app")).build())) {
        String id = browser.cookie("JSESSIONID").replaceAll("\\..*$", "");
        assertTrue(store.exists(id));
        long before = proxy.bytesToClient();
        assertTrue(store.exists(id));
        assertTrue(proxy.bytesToClient() - before < 100, "exists: " + (proxy.bytesToClient() - before) + " bytes");
        long whole = proxy.bytesToClient();
        store.load(id).orElseThrow();
        assertTrue(proxy.bytesToClient() - whole > 400, "while the whole session is "
            + (proxy.bytesToClient() - whole) + " bytes");
      }
    }
  }

  @Test
  void changes_areInRedis_beforeTheResponseArrives() throws Exception {
    Browser browser = new Browser();
    AttributeSerializer serializer = AttributeSerializer.create(SerializationConfig.defaults());
    try (SessionStore store = SessionStore.open(StoreConfig.builder().sessionKey(dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY).addresses(java.util.List.of(REDIS.topology().uri()))
        .namespace(RedisSessionDataStore.defaultNamespace("0.0.0.0", "/app")).build())) {
      for (int i = 1; i <= 20; i++) {
        browser.get(node.url("/counter"));
        browser.get(node.url("/cart?add=item" + i));
        String id = browser.cookie("JSESSIONID").replaceAll("\\..*$", "");
        Map<String, byte[]> stored = store.load(id).orElseThrow().attributes();
        assertEquals(i, serializer.decode(stored.get("counter"), getClass().getClassLoader()), "counter " + i);
        assertEquals(i, ((java.util.List<?>) serializer.decode(stored.get("cart"), webappClasses())).size());
      }
    }
  }

  /** The cart's items are of a webapp class: decode them with a loader that sees the WAR's classes. */
  private static ClassLoader webappClasses() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("war-classes");
    try (var zip = new java.util.zip.ZipFile(JettyNode.war().toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        var entry = entries.nextElement();
        if (entry.getName().startsWith("WEB-INF/classes/") && !entry.isDirectory()) {
          java.nio.file.Path target = dir.resolve(entry.getName().substring("WEB-INF/classes/".length()));
          java.nio.file.Files.createDirectories(target.getParent());
          try (var in = zip.getInputStream(entry)) {
            java.nio.file.Files.copy(in, target);
          }
        }
      }
    }
    return new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, RequestCostIT.class.getClassLoader());
  }

  /**
   * The commands one request sent, once the previous request has left the session (Jetty
   * releases it, and drops its local copy, just after the response has gone out).
   */
  private static Map<String, Long> commandsOf(Runnable request) {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    REDIS.topology().node().admin("CONFIG", "RESETSTAT");
    request.run();
    String stats = String.valueOf(REDIS.topology().node().admin("INFO", "commandstats"));
    Map<String, Long> calls = new TreeMap<>();
    for (String line : stats.split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String command = line.substring("cmdstat_".length(), line.indexOf(':'));
        long count = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*$", "$1"));
        if (REQUEST_COMMANDS.contains(command) && count > 0) {
          calls.put(command, count);
        }
      }
    }
    return calls;
  }
}
