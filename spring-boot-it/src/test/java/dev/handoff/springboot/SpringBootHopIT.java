package dev.handoff.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of a real Spring Boot 4 application (embedded Tomcat 11, Handoff's manager set by
 * the README's customizer) continue one session, as two nodes behind a load balancer would.
 */
class SpringBootHopIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static ConfigurableApplicationContext start(String node) {
    return new SpringApplicationBuilder(ShopApplication.class).properties(Map.of(
        "server.port", "0", "server.address", "127.0.0.1", "handoff.node", node,
        "handoff.address", REDIS.topology().uri(), "handoff.session-key", HandoffSettings.TEST_SESSION_KEY)).run();
  }

  private static String url(ConfigurableApplicationContext app, String path) {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path;
  }

  @Test
  void twoSpringBootInstances_continueOneSession() {
    try (ConfigurableApplicationContext a = start("boot-a"); ConfigurableApplicationContext b = start("boot-b")) {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(url(a, "/counter")).json()));
      Map<String, Object> onB = browser.get(url(b, "/counter")).json();
      assertEquals("boot-b", onB.get("node"));
      assertEquals(2, counter(onB), "the session carried over to the other instance");
      assertEquals(3, counter(browser.get(url(a, "/counter")).json()), "and back");
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
