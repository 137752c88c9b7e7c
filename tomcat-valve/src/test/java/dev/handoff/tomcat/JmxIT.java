package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/** The manager's numbers in JMX, read from a real Tomcat over remote JMX. */
class JmxIT {

  static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static TomcatNode nodeWithJmx(StandaloneRedis redis, int jmxPort) {
    return nodeWithJmx(Map.of("address", redis.uri()), jmxPort);
  }

  /** A Tomcat 11 node with the manager configured by {@code attributes} and remote JMX on {@code jmxPort}. */
  static TomcatNode nodeWithJmx(Map<String, String> attributes, int jmxPort) {
    return nodeWithJmx(attributes, jmxPort, builder -> { });
  }

  /** The same, with what {@code more} adds to the node (users, say). */
  static TomcatNode nodeWithJmx(Map<String, String> attributes, int jmxPort,
      java.util.function.Consumer<dev.handoff.testkit.TomcatNodeBuilder> more) {
    dev.handoff.testkit.TomcatNodeBuilder builder = TomcatNode.builder(TomcatFleet.home("11")).name("jmx")
        .war(Path.of(TomcatFleet.requireProperty("handoff.test.war")), "app")
        .libJar(Path.of(TomcatFleet.requireProperty("handoff.dropin.jar")))
        .skipJarScan("handoff-*.jar")
        .manager(TomcatFleet.MANAGER, TomcatFleet.withTestKey(attributes))
        .systemProperty("com.sun.management.jmxremote.port", String.valueOf(jmxPort))
        .systemProperty("com.sun.management.jmxremote.rmi.port", String.valueOf(jmxPort))
        .systemProperty("com.sun.management.jmxremote.authenticate", "false")
        .systemProperty("com.sun.management.jmxremote.ssl", "false")
        .systemProperty("com.sun.management.jmxremote.host", "127.0.0.1")
        .systemProperty("java.rmi.server.hostname", "127.0.0.1");
    more.accept(builder);
    return builder.build();
  }

  static JMXConnector connect(int jmxPort) throws java.io.IOException {
    return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
  }

  @Test
  void contextReload_keepsTheSessions_andReadsThemWithTheNewClassLoader() throws Exception {
    int jmxPort = freePort();
    try (StandaloneRedis redis = Redis.standalone().start(); TomcatNode node = nodeWithJmx(redis, jmxPort)) {
      node.start();
      Browser browser = new Browser();
      browser.get(node.baseUrl() + "/app/counter?format=json");
      browser.get(node.baseUrl() + "/app/cart?format=json&add=book");
      String loaderBefore = String.valueOf(browser.get(node.baseUrl() + "/app/cart?format=json").json().get("cartItemLoader"));
      try (JMXConnector connector = connect(jmxPort)) {
        connector.getMBeanServerConnection().invoke(new ObjectName(
            "Catalina:j2eeType=WebModule,name=//localhost/app,J2EEApplication=none,J2EEServer=none"), "reload", null, null);
      }
      assertEquals(2, ((Number) browser.get(node.baseUrl() + "/app/counter?format=json").json().get("counter")).intValue(),
          "the session survived the reload\n" + node.logTail());
      Map<String, Object> cart = browser.get(node.baseUrl() + "/app/cart?format=json&add=pen").json();
      assertEquals(2, ((Number) cart.get("itemCount")).intValue(), "the cart items decode with the new class loader");
      assertTrue(!String.valueOf(cart.get("cartItemLoader")).isEmpty() && loaderBefore != null);
    }
  }

  /** "Log out everywhere" from JMX: a user's sessions counted, listed and ended, and the browsers logged out. */
  @Test
  void managerMBean_listsAndEndsAUsersSessions() throws Exception {
    int jmxPort = freePort();
    try (StandaloneRedis redis = Redis.standalone().start(); TomcatNode node = nodeWithJmx(Map.of("address", redis.uri()),
        jmxPort, builder -> builder.user("alice", "secret", "user").user("bob", "secret", "user"))) {
      node.start();
      String secure = node.baseUrl() + "/app/secure/?format=json";
      Browser laptop = new Browser();
      Browser phone = new Browser();
      Browser bob = new Browser();
      laptop.formLogin(secure, "alice", "secret");
      phone.formLogin(secure, "alice", "secret");
      bob.formLogin(secure, "bob", "secret");
      assertEquals("alice", phone.get(secure).json().get("user"));
      try (JMXConnector connector = connect(jmxPort)) {
        MBeanServerConnection jmx = connector.getMBeanServerConnection();
        ObjectName manager = new ObjectName("Catalina:type=Manager,host=localhost,context=/app");
        assertEquals(3L, jmx.invoke(manager, "countFleetSessions", null, null));
        String[] listed = (String[]) jmx.invoke(manager, "listSessionsOf", new Object[] {"alice"}, new String[] {"java.lang.String"});
        assertEquals(2, listed.length, String.join("\n", listed));
        assertTrue(listed[0].endsWith(", FORM"), listed[0]);
        assertEquals(2, jmx.invoke(manager, "invalidateSessionsOf", new Object[] {"alice"}, new String[] {"java.lang.String"}));
      }
      for (Browser alice : List.of(laptop, phone)) {
        assertTrue(alice.follow(alice.get(secure)).body().contains("j_security_check"), "alice is logged out");
      }
      assertEquals("bob", bob.get(secure).json().get("user"), "bob is not");
    }
  }

  @Test
  void managerMBean_countsLoadsSavesAndRoundTrips() throws Exception {
    int jmxPort = freePort();
    try (StandaloneRedis redis = Redis.standalone().start(); TomcatNode node = nodeWithJmx(redis, jmxPort)) {
      node.start();
      Browser browser = new Browser();
      for (int i = 0; i < 3; i++) {
        browser.get(node.baseUrl() + "/app/counter?format=json");
      }
      browser.get(node.baseUrl() + "/app/session?format=json");
      try (JMXConnector connector = connect(jmxPort)) {
        MBeanServerConnection jmx = connector.getMBeanServerConnection();
        ObjectName manager = new ObjectName("Catalina:type=Manager,host=localhost,context=/app");
        assertEquals(3L, jmx.getAttribute(manager, "handoffSaves"), "one create and two changes");
        assertEquals(1L, jmx.getAttribute(manager, "handoffSkippedSaves"), "the read-only page wrote nothing");
        long checked = (Long) jmx.getAttribute(manager, "handoffNearCacheHits");
        long unasked = (Long) jmx.getAttribute(manager, "handoffCopiesServedUnasked");
        assertEquals(3L, checked + unasked, "three requests found the copy current: checked in Redis or known current");
        assertTrue(unasked >= 1, "the last request's copy was known current (issue 15): " + unasked);
        assertEquals(3L + checked, jmx.getAttribute(manager, "handoffRoundTrips"), "three saves and the checks");
        assertEquals("UP", jmx.getAttribute(manager, "handoffStoreState"));
        assertEquals(0L, jmx.getAttribute(manager, "handoffQueuedBytes"), "nothing held for Redis while it answers");
        assertEquals(0L, jmx.getAttribute(manager, "handoffRefusedSessions"));
        assertTrue((Long) jmx.getAttribute(manager, "handoffSaveLatencyP99Micros") > 0);
      }
    }
  }
}
