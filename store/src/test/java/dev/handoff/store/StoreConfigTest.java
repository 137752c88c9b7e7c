package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings by their text names, validated with messages that name the setting and the value. */
class StoreConfigTest {

  private static StoreConfig.Builder base() {
    return StoreConfig.builder().namespace("shop");
  }

  @Test
  void textSettings_mapToTypedValues() {
    StoreConfig config = base().set("address", "rediss://a:6379, rediss://b:6379").set("topology", "cluster")
        .set("commandTimeout", "500ms").set("lockLease", "2m").set("syncReplicas", "1").set("syncFailure", "fail")
        .set("tlsVerification", "ca-only").set("readFrom", "replica").set("touchFraction", "0.25")
        .set("failFast", "true").set("username", "app").set("password", "s3cret").build();
    assertEquals(List.of("rediss://a:6379", "rediss://b:6379"), config.addresses());
    assertEquals(StoreConfig.Topology.CLUSTER, config.topology());
    assertEquals(Duration.ofMillis(500), config.commandTimeout());
    assertEquals(Duration.ofMinutes(2), config.lockLease());
    assertEquals(1, config.syncReplicas());
    assertEquals(StoreConfig.SyncFailure.FAIL, config.syncFailure());
    assertEquals(StoreConfig.TlsVerification.CA_ONLY, config.tlsVerification());
    assertEquals(StoreConfig.ReadFrom.REPLICA, config.readFrom());
    assertEquals(0.25, config.touchFraction());
    assertTrue(config.failFast());
    assertTrue(config.usesTls());
  }

  @Test
  void toString_masksThePassword() {
    String text = base().password("s3cret").username("app").build().toString();
    assertFalse(text.contains("s3cret"), text);
    assertTrue(text.contains("password=****"), text);
    assertTrue(text.contains("username=app"), text);
  }

  @Test
  void typos_andBadValues_nameTheSettingTheValueAndWhatIsAllowed() {
    assertMessage(() -> base().set("adress", "redis://x:1"), "unknown setting 'adress' (did you mean address?)");
    assertMessage(() -> base().set("commandTimeout", "3 seconds"),
        "commandTimeout = '3 seconds': write a duration such as 500ms, 30s, 5m, 2h or 1d");
    assertMessage(() -> base().set("topology", "sharded"), "topology = 'sharded': use one of single, replicated, cluster, sentinel");
    assertMessage(() -> base().set("syncReplicas", "many"), "syncReplicas = 'many': must be a whole number");
    assertMessage(() -> base().set("failFast", "yes"), "failFast = 'yes': use true or false");
    assertMessage(() -> base().syncReplicas(9).build(), "syncReplicas = 9: must be between 0 and 5");
    assertMessage(() -> base().commandTimeout(Duration.ZERO).build(), "commandTimeout = 0s: must be between 10ms and 5m");
    assertMessage(() -> base().set("address", "localhost:6379").build(),
        "address = 'localhost:6379': use redis://host:port or rediss://host:port");
    assertMessage(() -> base().set("address", "redis://a:1,redis://b:1").build(),
        "address has 2 entries but topology = single");
    assertMessage(() -> base().set("address", "redis://a:1,rediss://b:1").set("topology", "cluster").build(),
        "address mixes redis:// and rediss://");
    assertMessage(() -> StoreConfig.builder().build(), "namespace is required");
    assertMessage(() -> base().keyPrefix("a{b}").build(), "keyPrefix = 'a{b}': must be non-empty, without spaces or braces");
    assertMessage(() -> base().touchFraction(0.9).build(), "touchFraction = 0.9: must be between 0 and 0.5");
    assertMessage(() -> base().set("trustStore", "/nonexistent.p12").build(), "trustStore = /nonexistent.p12: no readable file there");
  }

  @Test
  void everySettingName_isAccepted() {
    for (String name : SettingNames.names()) {
      IllegalArgumentException e = null;
      try {
        base().set(name, "x");
      } catch (IllegalArgumentException bad) {
        e = bad;
      }
      assertTrue(e == null || !e.getMessage().startsWith("unknown setting"), name);
    }
  }

  private static void assertMessage(Runnable action, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
