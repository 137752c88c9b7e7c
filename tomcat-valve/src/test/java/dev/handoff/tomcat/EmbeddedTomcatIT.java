package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Embedded Tomcat ({@code Context.setManager}), as the README's snippet writes it: two embedded
 * Tomcats in this JVM, each with the test webapp and its own Handoff manager, continue one
 * session; a misspelled setting stops the context with a message that names it.
 */
class EmbeddedTomcatIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  /** The README's snippet, with the test's Redis and a temporary base directory. */
  private static Tomcat embedded(String name, Map<String, String> settings) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("handoff-embedded-" + name).toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    Context context = tomcat.addWebapp("/app", Path.of(TomcatFleet.requireProperty("handoff.test.war")).toString());
    context.addParameter("handoff.node", name);
    RedisSessionManager sessions = new RedisSessionManager();
    settings.forEach(sessions::setProperty);
    context.setManager(sessions);
    tomcat.start();
    return tomcat;
  }

  private static String url(Tomcat tomcat, String page) {
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app" + page;
  }

  @Test
  void twoEmbeddedTomcats_continueOneSession() throws Exception {
    Map<String, String> settings = Map.of("address", REDIS.topology().uri(), "sessionKey", HandoffSettings.TEST_SESSION_KEY);
    Tomcat a = embedded("a", settings);
    Tomcat b = embedded("b", settings);
    try {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(url(a, "/counter?format=json")).json()));
      browser.get(url(a, "/cart?format=json&add=book"));
      Map<String, Object> onB = browser.get(url(b, "/counter?format=json")).json();
      assertEquals("b", onB.get("node"));
      assertEquals(2, counter(onB), "the counter carried over");
      assertEquals(1, ((Number) browser.get(url(b, "/cart?format=json")).json().get("itemCount")).intValue());
      assertEquals(3, counter(browser.get(url(a, "/counter?format=json")).json()), "and back");
    } finally {
      a.stop();
      a.destroy();
      b.stop();
      b.destroy();
    }
  }

  /** The Micrometer binder on the embedded Tomcat's manager, scraped as Prometheus would. */
  @Test
  void metrics_countWhatTheManagerDid_inPrometheusFormat() throws Exception {
    Tomcat tomcat = embedded("metrics", Map.of("address", REDIS.topology().uri(), "sessionKey", HandoffSettings.TEST_SESSION_KEY));
    try {
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
          new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
      RedisSessionManager manager = (RedisSessionManager) ((Context) tomcat.getHost().findChild("/app")).getManager();
      new HandoffMetrics(manager).bindTo(registry);
      Browser browser = new Browser();
      for (int i = 0; i < 3; i++) {
        browser.get(url(tomcat, "/counter?format=json"));
      }
      String scrape = registry.scrape();
      String handoff = scrape.lines().filter(line -> line.startsWith("handoff_")).collect(java.util.stream.Collectors.joining("\n"));
      System.out.println("Prometheus scrape, handoff_ lines:\n" + handoff);
      assertTrue(handoff.contains("handoff_saves_total{context=\"/app\",host=\"127.0.0.1\"} 3.0"), "one create, two changes:\n" + handoff);
      assertTrue(handoff.contains("handoff_store_up{context=\"/app\",host=\"127.0.0.1\"} 1.0"), handoff);
      assertEquals(manager.getHandoffRoundTrips() + ".0", value(handoff, "handoff_round_trips_total"), "the JMX figure");
      assertTrue(Double.parseDouble(value(handoff, "handoff_save_latency_p99_seconds")) > 0, handoff);
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  private static String value(String scrape, String meter) {
    return scrape.lines().filter(line -> line.startsWith(meter + "{")).findFirst().orElseThrow(() -> new AssertionError(meter
        + " not in\n" + scrape)).replaceAll(".* ", "");
  }

  @Test
  void aMisspelledSetting_stopsTheContext_namingIt() throws Exception {
    StringBuilder logged = new StringBuilder();
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
          logged.append(t.getMessage()).append('\n');
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(capture);
    Tomcat tomcat = null;
    try {
      tomcat = embedded("typo", Map.of("adress", REDIS.topology().uri()));
      Context context = (Context) tomcat.getHost().findChild("/app");
      assertTrue(context.getState() != LifecycleState.STARTED, "the context did not start: " + context.getState());
      assertEquals(404, new Browser().get(url(tomcat, "/counter?format=json")).status());
      assertTrue(logged.toString().contains("unknown setting 'adress' (did you mean address?)"), logged.toString());
    } finally {
      root.removeHandler(capture);
      if (tomcat != null) {
        tomcat.stop();
        tomcat.destroy();
      }
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
