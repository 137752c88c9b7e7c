package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.store.StoreConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

  @Test
  void storeConfig_defaultsNamespaceNodeAndGrace_fromTheJettyContext() {
    StoreSettings settings = new StoreSettings();
    settings.put("address", "redis://127.0.0.1:6390");
    StoreConfig config = settings.storeConfig("0.0.0.0/_app", 3600, "node7");
    assertEquals("0.0.0.0/_app", config.namespace());
    assertEquals("node7", config.nodeName());
    assertEquals(Duration.ofHours(10), config.expiryGrace(), "ten Jetty grace periods");
    assertEquals(Duration.ofDays(1), settings.storeConfig("n", 86_400, "").expiryGrace(), "at most a day");
    assertEquals(Duration.ofMinutes(5), settings.storeConfig("n", 0, "").expiryGrace(), "at least the store default");
  }

  @Test
  void explicitSettings_win() {
    StoreSettings settings = new StoreSettings();
    settings.put("namespace", "shop");
    settings.put("expiryGrace", "30s");
    settings.put("nodeName", "n1");
    StoreConfig config = settings.storeConfig("0.0.0.0/_app", 3600, "node7");
    assertEquals("shop", config.namespace());
    assertEquals(Duration.ofSeconds(30), config.expiryGrace());
    assertEquals("n1", config.nodeName());
  }

  @Test
  void badValues_nameTheSetting() {
    StoreSettings settings = new StoreSettings();
    settings.put("compression", "maybe");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, settings::serializationConfig);
    assertTrue(e.getMessage().contains("compression") && e.getMessage().contains("maybe"), e.getMessage());
    StoreSettings typo = new StoreSettings();
    typo.put("adress", "redis://x:1");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> typo.storeConfig("n", 60, "w"));
    assertTrue(unknown.getMessage().contains("adress"), unknown.getMessage());
  }
}
