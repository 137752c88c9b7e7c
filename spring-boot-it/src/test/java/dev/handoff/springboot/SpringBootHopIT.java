package dev.handoff.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.springboot.jetty.ShopOnJettyApplication;
import dev.handoff.springboot.tomcat.ShopApplication;
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
 * Real Spring Boot 4 applications with Handoff set by the README's customizer beans, on embedded
 * Tomcat 11 and on Boot's own embedded Jetty 12.1: each started twice, a session continues from
 * one instance to the other and back, and from a Tomcat instance to a Jetty one. (Both containers
 * are on this test's class path, so each application leaves the other's auto-configuration out;
 * an application with one container needs no such line.)
 */
class SpringBootHopIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final String TOMCAT_AUTOCONFIG = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";
  private static final String JETTY_AUTOCONFIG = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

  private static ConfigurableApplicationContext start(Class<?> application, String node) {
    return new SpringApplicationBuilder(application).properties(Map.of(
        "server.port", "0", "server.address", "127.0.0.1", "handoff.node", node,
        "spring.autoconfigure.exclude", application == ShopApplication.class ? JETTY_AUTOCONFIG : TOMCAT_AUTOCONFIG,
        "handoff.address", REDIS.topology().uri(), "handoff.session-key", HandoffSettings.TEST_SESSION_KEY)).run();
  }

  private static String url(ConfigurableApplicationContext app, String path) {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path;
  }

  @Test
  void twoInstancesOnTomcat_continueOneSession() {
    hop(ShopApplication.class, ShopApplication.class);
  }

  @Test
  void twoInstancesOnJetty_continueOneSession() {
    hop(ShopOnJettyApplication.class, ShopOnJettyApplication.class);
  }

  @Test
  void aTomcatInstanceAndAJettyInstance_continueOneSession() {
    hop(ShopApplication.class, ShopOnJettyApplication.class);
    hop(ShopOnJettyApplication.class, ShopApplication.class);
  }

  private static void hop(Class<?> first, Class<?> second) {
    try (ConfigurableApplicationContext a = start(first, "boot-a"); ConfigurableApplicationContext b = start(second, "boot-b")) {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(url(a, "/counter")).json()));
      Map<String, Object> onB = browser.get(url(b, "/counter")).json();
      assertEquals("boot-b", onB.get("node"));
      assertEquals(2, counter(onB), "the session carried over from " + first.getSimpleName() + " to " + second.getSimpleName());
      assertEquals(3, counter(browser.get(url(a, "/counter")).json()), "and back");
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
