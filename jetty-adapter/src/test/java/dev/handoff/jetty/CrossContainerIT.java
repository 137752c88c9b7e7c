package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One Tomcat (the drop-in jar) and one Jetty node sharing a Redis and a namespace: a session
 * started on either continues on the other, counter and cart included. Container logins do not
 * carry over (each container keeps its own kind of login in the session).
 */
class CrossContainerIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void sessionStartedOnTomcat_continuesOnJetty_andBack() throws Exception {
    try (TomcatNode tomcat = TomcatNode.builder(Path.of(property("handoff.tomcat11.home"))).name("tomcat")
            .war(JettyNode.war(), "app").libJar(Path.of(property("handoff.dropin.jar")))
            .manager("dev.handoff.tomcat.RedisSessionManager", Map.of("address", REDIS.topology().uri(),
                "namespace", "shop"))
            .systemProperty("handoff.node", "tomcat").build();
        JettyNode jetty = JettyNode.startForTomcatNeighbours("jetty", f -> f.set("address", REDIS.topology().uri())
            .set("namespace", "shop"))) {
      tomcat.start();
      String onTomcat = tomcat.baseUrl() + "/app";
      for (String[] way : new String[][] {{onTomcat, jetty.url("")}, {jetty.url(""), onTomcat}}) {
        Browser browser = new Browser();
        assertEquals(1, counter(browser.get(way[0] + "/counter?format=json").json()));
        browser.get(way[0] + "/cart?format=json&add=book");
        assertEquals(2, counter(browser.get(way[1] + "/counter?format=json").json()), "counter carried over");
        Map<String, Object> cart = browser.get(way[1] + "/cart?format=json&add=pen").json();
        assertEquals(2, ((Number) cart.get("itemCount")).intValue(), "cart carried over: " + cart);
        assertEquals(3, counter(browser.get(way[0] + "/counter?format=json").json()), "and back");
        Map<String, Object> back = browser.get(way[0] + "/cart?format=json").json();
        assertEquals(2, ((Number) back.get("itemCount")).intValue(), "and back: " + back);
      }
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set; run through mvn verify");
    }
    return value;
  }
}
