package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.store.RequestConfig;
import dev.handoff.store.Settings;
import dev.handoff.store.StoreConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code <Manager>} attributes as Tomcat's digester hands them over (setProperty, one call per
 * attribute): placeholders, Handoff's own settings, repeats and validation messages.
 */
class ManagerSettingsTest {

  @Test
  void placeholders_takeSystemPropertiesThenEnvironmentVariables() {
    System.setProperty("handoff.test.redis.host", "cache.example");
    try {
      ManagerSettings settings = new ManagerSettings();
      settings.put("address", "rediss://${handoff.test.redis.host}:6379");
      settings.put("password", "${env.PATH}");
      StoreConfig config = settings.parse("localhost/app").storeConfig();
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.parse("x"));
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
    Settings parsed = settings.parse("x");
    assertEquals("jdk", parsed.serializationConfig().serializer());
    assertFalse(parsed.serializationConfig().compression());
    RequestConfig requests = parsed.requestConfig();
    assertFalse(requests.checkInPlaceChanges());
    assertEquals(RequestConfig.FailurePolicy.FAIL, requests.failurePolicy());
    assertEquals(RequestConfig.Locking.PATTERN, requests.locking());
    assertTrue(requests.locks("/app/cart/add"));
    assertFalse(requests.locks("/app/"));
    assertEquals(Duration.ofMillis(750), parsed.storeConfig().commandTimeout());
  }

  @Test
  void defaults_whenNothingIsGiven() {
    RequestConfig requests = new ManagerSettings().parse("x").requestConfig();
    assertTrue(requests.checkInPlaceChanges());
    assertEquals(RequestConfig.FailurePolicy.DEGRADE, requests.failurePolicy());
    assertFalse(requests.locks("/app/cart"));
  }

  @Test
  void badValues_nameTheAttributeAndWhatIsAllowed() {
    assertMessage("failurePolicy", "maybe", "failurePolicy = 'maybe': use one of degrade, fail");
    assertMessage("locking", "some", "locking = 'some': use one of none, all, pattern");
    assertMessage("checkInPlaceChanges", "yes", "checkInPlaceChanges = 'yes': use true or false");
    assertMessage("maxAttributeBytes", "10", "maxAttributeBytes = 10: must be between 1024 and 536870912");
    assertMessage("adress", "redis://x:1", "unknown setting 'adress' (did you mean address?)");
    assertMessage("serialiser", "jdk", "unknown setting 'serialiser' (did you mean serializer?)");
    assertMessage("locking", "pattern", "locking = pattern needs lockPattern");
    ManagerSettings badPattern = new ManagerSettings();
    badPattern.put("locking", "pattern");
    badPattern.put("lockPattern", "(");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> badPattern.parse("x"));
    assertTrue(e.getMessage().startsWith("lockPattern = '(': not a regular expression"), e.getMessage());
    ManagerSettings kyro = new ManagerSettings();
    kyro.put("serializer", "kyro");
    IllegalArgumentException codec = assertThrows(IllegalArgumentException.class,
        () -> dev.handoff.serialization.AttributeSerializer.create(kyro.parse("x").serializationConfig()));
    assertTrue(codec.getMessage().startsWith("serializer = 'kyro'"), codec.getMessage());
  }

  @Test
  void attributeGivenTwice_inTwoSpellings_isAnError() {
    ManagerSettings settings = new ManagerSettings();
    settings.put("address", "redis://a:6379");
    settings.put("Address", "redis://b:6379");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.parse("x"));
    assertEquals("address is given twice (as 'address' and 'Address'); give it once", e.getMessage());
  }

  private static void assertMessage(String name, String value, String expected) {
    ManagerSettings settings = new ManagerSettings();
    settings.put(name, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.parse("x"));
    assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
