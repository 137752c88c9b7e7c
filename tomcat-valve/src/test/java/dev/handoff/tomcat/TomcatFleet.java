package dev.handoff.tomcat;

import dev.handoff.testkit.TomcatNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real Tomcat processes with the drop-in jar and the test webapp, sharing one Redis. */
final class TomcatFleet implements AutoCloseable {

  static final String MANAGER = RedisSessionManager.class.getName();

  private final List<TomcatNode> nodes = new ArrayList<>();

  /** Tomcat 11 (default) or 10.1, by the distribution's system property. */
  static Path home(String version) {
    String property = version.equals("10.1") ? "handoff.tomcat10.home" : "handoff.tomcat11.home";
    Path home = Path.of(requireProperty(property));
    if (!Files.isDirectory(home)) {
      throw new IllegalStateException(property + " = " + home + ": not unpacked; run through mvn verify");
    }
    return home;
  }

  static String requireProperty(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set; run the test through mvn verify");
    }
    return value;
  }

  /**
   * Starts {@code count} nodes named a, b, c... with the manager configured by {@code attributes}
   * (sessions sealed with the tests' key unless they name a sessionKey; an empty one turns it off).
   */
  static TomcatFleet start(String version, int count, Map<String, String> attributes) {
    return start(version, count, attributes, Map.of());
  }

  /** The same, with these system properties on every node. */
  static TomcatFleet start(String version, int count, Map<String, String> attributes,
      Map<String, String> systemProperties) {
    return start(version, java.util.Collections.nCopies(count, attributes), systemProperties);
  }

  /** One node per entry of {@code attributesPerNode}, each with its own manager attributes (a Redis address of its own, say). */
  static TomcatFleet start(String version, List<Map<String, String>> attributesPerNode, Map<String, String> systemProperties) {
    return start(version, attributesPerNode, systemProperties, java.util.Collections.nCopies(attributesPerNode.size(), Map.of()));
  }

  /** The same, with environment variables of each node's process. */
  static TomcatFleet start(String version, List<Map<String, String>> attributesPerNode, Map<String, String> systemProperties,
      List<Map<String, String>> environmentPerNode) {
    TomcatFleet fleet = new TomcatFleet();
    try {
      for (int i = 0; i < attributesPerNode.size(); i++) {
        Map<String, String> attributes = withTestKey(attributesPerNode.get(i));
        String name = String.valueOf((char) ('a' + i));
        var builder = TomcatNode.builder(home(version)).name(name)
            .war(Path.of(requireProperty("handoff.test.war")), "app")
            .libJar(Path.of(requireProperty("handoff.dropin.jar")))
            .skipJarScan("handoff-*.jar")
            .manager(MANAGER, attributes)
            .systemProperty("handoff.node", name)
            .jvmArgument("-XX:TieredStopAtLevel=1") // test nodes live seconds: C1 alone starts them on less CPU
            .jvmArgument("-XX:+UseSerialGC");
        systemProperties.forEach(builder::systemProperty);
        environmentPerNode.get(i).forEach(builder::environment);
        TomcatNode node = builder.build();
        fleet.nodes.add(node);
        node.start();
      }
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /** The attributes, with the tests' sessionKey unless they name one (empty: none). */
  static Map<String, String> withTestKey(Map<String, String> attributes) {
    Map<String, String> all = new java.util.LinkedHashMap<>(attributes);
    all.putIfAbsent("sessionKey", dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY);
    all.remove("sessionKey", "");
    return all;
  }

  TomcatNode node(int index) {
    return nodes.get(index);
  }

  /** URL of a page of the test webapp on node {@code index}. */
  String url(int index, String page) {
    return nodes.get(index).baseUrl() + "/app" + page;
  }

  String logs() {
    StringBuilder s = new StringBuilder();
    nodes.forEach(n -> s.append(n.logTail()));
    return s.toString();
  }

  @Override
  public void close() {
    nodes.forEach(TomcatNode::close);
  }
}
