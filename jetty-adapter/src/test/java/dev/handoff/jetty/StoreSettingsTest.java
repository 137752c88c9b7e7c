package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.store.RequestConfig;
import dev.handoff.store.StoreConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

  @Test
  void storeConfig_defaultsNamespaceNodeAndGrace_fromTheJettyContext() {
    StoreSettings settings = new StoreSettings();
    settings.put("address", "redis://127.0.0.1:6390");
    StoreConfig config = settings.parse("localhost/app", 3600, "node7").storeConfig();
    assertEquals("localhost/app", config.namespace());
    assertEquals("node7", config.nodeName());
    assertEquals(Duration.ofHours(10), config.expiryGrace(), "ten Jetty grace periods");
    assertEquals(Duration.ofDays(1), settings.parse("n", 86_400, "").storeConfig().expiryGrace(), "at most a day");
    assertEquals(Duration.ofMinutes(5), settings.parse("n", 0, "").storeConfig().expiryGrace(),
        "at least the store default");
  }

  /** Jetty's default worker name, node0 on every node, is not taken for the node's name in Redis. */
  @Test
  void jettysDefaultWorkerName_isNotTheNodeName() {
    String node = new StoreSettings().parse("localhost/app", 3600, "node0").storeConfig().nodeName();
    if (System.getenv("JETTY_WORKER_INSTANCE") != null) {
      assertEquals("node0", node, "JETTY_WORKER_INSTANCE makes node0 a chosen name");
      return;
    }
    assertTrue(!node.equals("node0") && !node.isBlank(), node);
    assertEquals(node, new StoreSettings().parse("localhost/app", 3600, "").storeConfig().nodeName(),
        "the store's own default, as for no worker name");
  }

  @Test
  void explicitSettings_win() {
    StoreSettings settings = new StoreSettings();
    settings.put("namespace", "shop");
    settings.put("expiryGrace", "30s");
    settings.put("nodeName", "n1");
    StoreConfig config = settings.parse("localhost/app", 3600, "node7").storeConfig();
    assertEquals("shop", config.namespace());
    assertEquals(Duration.ofSeconds(30), config.expiryGrace());
    assertEquals("n1", config.nodeName());
  }

  @Test
  void badValues_nameTheSetting() {
    assertMessage("compression", "maybe", "compression = 'maybe': use true or false");
    assertMessage("adress", "redis://x:1", "unknown setting 'adress' (did you mean address?)");
    assertMessage("checkInPlaceChange", "false", "unknown setting 'checkInPlaceChange' (did you mean checkInPlaceChanges?)");
  }

  @Test
  void settingGivenTwice_inTwoSpellings_isAnError() {
    RedisSessionDataStoreFactory factory = new RedisSessionDataStoreFactory("redis://a:6379");
    factory.set("Address", "redis://b:6379");
    StoreSettings settings = new StoreSettings();
    settings.put("address", "redis://a:6379");
    settings.put("Address", "redis://b:6379");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.parse("n", 60, "w"));
    assertEquals("address is given twice (as 'address' and 'Address'); give it once", e.getMessage());
    assertTrue(factory.isGiven("ADDRESS"));
  }

  @Test
  void nullValue_givesNothing() {
    StoreSettings settings = new StoreSettings();
    settings.put("username", "app");
    settings.put("username", null);
    assertEquals("app", settings.parse("n", 60, "w").storeConfig().username());
    assertEquals("{username=app}", settings.toString());
  }

  @Test
  void adapterSettings_checkInPlaceChangesIsHonoured_theDefaultsOfTheOthersAreAccepted() {
    StoreSettings settings = new StoreSettings();
    settings.put("checkInPlaceChanges", "false");
    settings.put("failurePolicy", "degrade");
    settings.put("locking", "none");
    RequestConfig requests = settings.parse("n", 60, "w").requestConfig();
    assertFalse(requests.checkInPlaceChanges());
    assertEquals(RequestConfig.FailurePolicy.DEGRADE, requests.failurePolicy());
  }

  @Test
  void adapterSettingsJettyCannotHonour_areRefused_sayingWhy() {
    assertMessage("failurePolicy", "fail", "failurePolicy = fail is not available on Jetty: Jetty's SessionHandler"
        + " takes a session that cannot be loaded for no session");
    assertMessage("locking", "all", "locking = all is not available on Jetty: a SessionDataStore sees loads and saves,"
        + " not requests");
    StoreSettings pattern = new StoreSettings();
    pattern.put("locking", "pattern");
    pattern.put("lockPattern", "/app/cart.*");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pattern.parse("n", 60, "w"));
    assertTrue(e.getMessage().startsWith("locking = pattern is not available on Jetty"), e.getMessage());
    assertMessage("lockPattern", "/app/cart.*", "lockPattern = '/app/cart.*' is set but locking = none");
  }

  private static void assertMessage(String name, String value, String expected) {
    StoreSettings settings = new StoreSettings();
    settings.put(name, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.parse("n", 60, "w"));
    assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
