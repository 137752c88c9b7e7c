package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The typed builder, validated with messages that name the setting and the value (the text forms
 * are {@link SettingsTest}'s).
 */
class StoreConfigTest {

  private static StoreConfig.Builder base() {
    return StoreConfig.builder().namespace("shop");
  }

  @Test
  void toString_masksThePassword() {
    String text = base().password("s3cret").username("app").build().toString();
    assertFalse(text.contains("s3cret"), text);
    assertTrue(text.contains("password=****"), text);
    assertTrue(text.contains("username=app"), text);
  }

  @Test
  void badValues_nameTheSettingTheValueAndWhatIsAllowed() {
    assertMessage(() -> base().syncReplicas(9).build(), "syncReplicas = 9: must be between 0 and 5");
    assertMessage(() -> base().commandTimeout(Duration.ZERO).build(), "commandTimeout = 0s: must be between 10ms and 5m");
    assertMessage(() -> base().addresses(List.of("localhost:6379")).build(),
        "address = 'localhost:6379': use redis://host:port or rediss://host:port");
    assertMessage(() -> base().addresses(List.of("redis://a:1", "redis://b:1")).build(),
        "address has 2 entries but topology = single");
    assertMessage(() -> base().addresses(List.of("redis://a:1", "rediss://b:1")).topology(StoreConfig.Topology.CLUSTER).build(),
        "address mixes redis:// and rediss://");
    assertMessage(() -> StoreConfig.builder().build(), "namespace is required");
    assertMessage(() -> base().keyPrefix("a{b}").build(), "keyPrefix = 'a{b}': must be non-empty, without spaces or braces");
    assertMessage(() -> base().touchFraction(0.9).build(), "touchFraction = 0.9: must be between 0 and 0.5");
    assertMessage(() -> base().trustStore(java.nio.file.Path.of("/nonexistent.p12"), null).build(), "trustStore = /nonexistent.p12: no readable file there");
  }

  private static void assertMessage(Runnable action, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
