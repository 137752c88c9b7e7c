package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter settings on real Jetty nodes sharing one Redis: {@code checkInPlaceChanges} is
 * honoured; the values Jetty's SPI cannot honour, a typo and a setting given twice stop the
 * context with the reason.
 * ({@code failurePolicy = degrade}, the only policy Jetty takes, is {@link RedisDownIT}'s.)
 */
class JettySettingsIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void checkInPlaceChangesFalse_aListChangedInPlaceIsNotWritten_setAttributeIs() throws Exception {
    String keyPrefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
    try (JettyNode a = JettyNode.start("a", REDIS.topology().uri(), 600,
            f -> f.set("keyPrefix", keyPrefix).set("checkInPlaceChanges", "false"));
        JettyNode b = JettyNode.start("b", REDIS.topology().uri(), 600, f -> {
          f.setKeyPrefix(keyPrefix);
          f.setCheckInPlaceChanges("false");
        })) {
      Browser browser = new Browser();
      browser.get(a.url("/cart?add=apple&price=100&format=json")); // setAttribute: written
      assertEquals(1L, browser.get(b.url("/cart?format=json")).json().get("itemCount"));
      browser.get(a.url("/cart?add=pear&price=200&format=json")); // the same list, changed in place: not written
      Map<String, Object> cart = browser.get(b.url("/cart?format=json")).json();
      assertEquals(1L, cart.get("itemCount"), "an in-place change is not looked for: " + cart);
      assertEquals(1L, browser.get(a.url("/counter?format=json")).json().get("counter"));
      assertEquals(2L, browser.get(b.url("/counter?format=json")).json().get("counter"), "setAttribute still is");
    }
  }

  @Test
  void lockingAll_stopsTheContext_sayingWhyJettyCannotHonourIt() throws Exception {
    assertRefused("locking", "all", "locking = all is not available on Jetty");
  }

  @Test
  void failurePolicyFail_stopsTheContext_sayingWhyJettyCannotHonourIt() throws Exception {
    assertRefused("failurePolicy", "fail", "failurePolicy = fail is not available on Jetty");
  }

  @Test
  void typoAndRepeat_stopTheContext_namingTheSetting() throws Exception {
    assertRefused(f -> f.set("adress", REDIS.topology().uri()), "unknown setting 'adress' (did you mean address?)");
    assertRefused(f -> f.set("keyPrefix", "a").set("KeyPrefix", "b"),
        "keyPrefix is given twice (as 'keyPrefix' and 'KeyPrefix'); give it once");
  }

  private static void assertRefused(String name, String value, String expected) throws Exception {
    assertRefused(f -> f.set(name, value), expected);
  }

  /** Jetty keeps the server up with the webapp unavailable (503), the reason kept as its start failure. */
  private static void assertRefused(java.util.function.Consumer<RedisSessionDataStoreFactory> settings, String expected)
      throws Exception {
    try (JettyNode node = JettyNode.start("a", REDIS.topology().uri(), 600, settings)) {
      assertEquals(503, new Browser().get(node.url("/counter?format=json")).status());
      StringBuilder messages = new StringBuilder();
      for (Throwable t = node.startFailure(); t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append(" | ");
      }
      assertTrue(messages.toString().contains(expected), "start failure: " + messages);
    }
  }
}
