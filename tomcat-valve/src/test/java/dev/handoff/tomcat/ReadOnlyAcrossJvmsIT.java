package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G3 across JVMs: a {@code HashMap<TimeUnit, Integer>} (enum keys hash by identity, so every JVM
 * iterates and encodes it in its own order) read on node A while node B increments it in place.
 * Found on two Tomcat 11 nodes: A wrote its stale copy back on most reads (44 writes of a page that
 * only reads) and the count ended at 48 of 50. Now A writes nothing and every increment stays.
 */
class ReadOnlyAcrossJvmsIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final int INCREMENTS = 50;

  @Test
  void enumKeyedMap_readOnA_incrementedOnB_aWritesNothing_noIncrementLost() throws Exception {
    int jmxPort = freePort();
    try (TomcatNode a = node("a", jmxPort); TomcatNode b = node("b", 0)) {
      a.start();
      b.start();
      Browser writer = new Browser();
      assertEquals(1, seconds(writer.get(b.baseUrl() + "/app/units?format=json&add=SECONDS").json()));
      Browser reader = new Browser().setCookie("JSESSIONID", writer.cookie("JSESSIONID"));
      assertEquals(1, seconds(reader.get(a.baseUrl() + "/app/units?format=json").json()), "A sees B's map");

      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger concurrentReads = new AtomicInteger();
      AtomicReference<Throwable> readerFailure = new AtomicReference<>();
      Thread loop = new Thread(() -> {
        Browser concurrent = new Browser().setCookie("JSESSIONID", writer.cookie("JSESSIONID"));
        try {
          while (!done.get()) {
            assertEquals(200, concurrent.get(a.baseUrl() + "/app/units?format=json").status());
            concurrentReads.incrementAndGet();
          }
        } catch (Throwable e) {
          readerFailure.set(e);
        }
      }, "reader-on-a");
      loop.start();
      try {
        for (int i = 2; i <= INCREMENTS; i++) {
          writer.get(b.baseUrl() + "/app/units?format=json&add=SECONDS");
          reader.get(a.baseUrl() + "/app/units?format=json"); // and one read on A after each increment, interleaved
        }
      } finally {
        done.set(true);
        loop.join();
      }
      assertEquals(null, readerFailure.get(), "the reads on A");
      assertTrue(concurrentReads.get() > 0);

      assertEquals(INCREMENTS, seconds(writer.get(b.baseUrl() + "/app/units?format=json").json()),
          "no increment made on B was overwritten by A's copy\n" + a.logTail() + b.logTail());
      assertEquals(INCREMENTS, seconds(reader.get(a.baseUrl() + "/app/units?format=json").json()));
      try (JMXConnector connector = JMXConnectorFactory.connect(
          new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
        Object saves = connector.getMBeanServerConnection().getAttribute(
            new ObjectName("Catalina:type=Manager,host=localhost,context=/app"), "handoffSaves");
        assertEquals(0L, saves, "node A only read the map (" + (INCREMENTS + 1 + concurrentReads.get())
            + " reads) and must have written nothing");
      }
    }
  }

  private static int seconds(Map<String, Object> page) {
    return ((Number) ((Map<?, ?>) page.get("units")).get("SECONDS")).intValue();
  }

  /** A Tomcat 11 node with the drop-in jar; remote JMX on {@code jmxPort} unless it is 0. */
  private static TomcatNode node(String name, int jmxPort) {
    var builder = TomcatNode.builder(TomcatFleet.home("11")).name(name)
        .war(Path.of(TomcatFleet.requireProperty("handoff.test.war")), "app")
        .libJar(Path.of(TomcatFleet.requireProperty("handoff.dropin.jar")))
        .skipJarScan("handoff-*.jar")
        .manager(TomcatFleet.MANAGER, Map.of("address", REDIS.topology().uri()))
        .systemProperty("handoff.node", name);
    if (jmxPort != 0) {
      builder.systemProperty("com.sun.management.jmxremote.port", String.valueOf(jmxPort))
          .systemProperty("com.sun.management.jmxremote.rmi.port", String.valueOf(jmxPort))
          .systemProperty("com.sun.management.jmxremote.authenticate", "false")
          .systemProperty("com.sun.management.jmxremote.ssl", "false")
          .systemProperty("com.sun.management.jmxremote.host", "127.0.0.1")
          .systemProperty("java.rmi.server.hostname", "127.0.0.1");
    }
    return builder.build();
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
