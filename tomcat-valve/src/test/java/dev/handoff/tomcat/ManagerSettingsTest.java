package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.store.StoreConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code <Manager>} attributes: placeholders, Handoff's own settings, validation messages. */
class ManagerSettingsTest {

  @Test
  void placeholders_takeSystemPropertiesThenEnvironmentVariables() {
    System.setProperty("handoff.test.redis.host", "cache.example");
    try {
      ManagerSettings settings = new ManagerSettings();
      settings.put("address", "rediss://${handoff.test.redis.host}:6379");
      settings.put("password", "${env.PATH}");
      StoreConfig config = settings.storeConfig("localhost/app");
      assertEquals(List.of("rediss://cache.example:6379"), config.addresses());
      assertEquals(System.getenv("PATH"), config.password());
      assertEquals("localhost/app", config.namespace());
    } finally {
      System.clearProperty("handoff.test.redis.host");
    }
  }

  @Test
  void unresolvedPlaceholder_namesTheAttribute() {
    ManagerSettings settings = new ManagerSettings();
    settings.put("password", "${HANDOFF_NO_SUCH_VARIABLE}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.storeConfig("x"));
    assertEquals("password: ${HANDOFF_NO_SUCH_VARIABLE} is neither a system property nor an environment variable",
        e.getMessage());
  }

  @Test
  void handoffOwnSettings_areReadAndValidated() {
    ManagerSettings settings = new ManagerSettings();
    settings.put("address", "redis://r:6379");
    settings.put("serializer", "jdk");
    settings.put("compression", "false");
    settings.put("checkInPlaceChanges", "false");
    settings.put("failurePolicy", "fail");
    settings.put("locking", "pattern");
    settings.put("lockPattern", "/app/cart.*");
    settings.put("commandTimeout", "750ms");
    assertEquals("jdk", settings.serializationConfig().serializer());
    assertFalse(settings.serializationConfig().compression());
    assertFalse(settings.checkInPlaceChanges());
    assertEquals(ManagerSettings.FailurePolicy.FAIL, settings.failurePolicy());
    assertEquals(ManagerSettings.Locking.PATTERN, settings.locking());
    assertTrue(settings.lockPattern().matcher("/app/cart/add").matches());
    assertEquals(Duration.ofMillis(750), settings.storeConfig("x").commandTimeout());
  }

  @Test
  void badValues_nameTheAttributeAndWhatIsAllowed() {
    assertMessage("failurePolicy", "maybe", s -> s.failurePolicy(), "failurePolicy = 'maybe': use degrade or fail");
    assertMessage("locking", "some", s -> s.locking(), "locking = 'some': use none, all or pattern");
    assertMessage("lockPattern", "(", s -> s.lockPattern(), "lockPattern = '(': not a regular expression");
    assertMessage("checkInPlaceChanges", "yes", s -> s.checkInPlaceChanges(), "checkInPlaceChanges = 'yes': use true or false");
    assertMessage("serializer", "kyro", s -> dev.handoff.serialization.AttributeSerializer.create(s.serializationConfig()),
        "serializer = 'kyro'");
    ManagerSettings patternWithout = new ManagerSettings();
    patternWithout.put("locking", "pattern");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, patternWithout::locking);
    assertTrue(e.getMessage().startsWith("locking = pattern needs lockPattern"), e.getMessage());
  }

  private static void assertMessage(String name, String value, java.util.function.Consumer<ManagerSettings> read,
      String expected) {
    ManagerSettings settings = new ManagerSettings();
    settings.put(name, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read.accept(settings));
    assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
