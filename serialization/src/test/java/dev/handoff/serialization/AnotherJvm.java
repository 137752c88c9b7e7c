package dev.handoff.serialization;

import dev.handoff.serialization.fixtures.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Encodes the values whose bytes depend on the JVM (hash orders from identity hash codes) in a
 * child {@code java} process, as another node of the fleet would have stored them.
 */
final class AnotherJvm {

  private AnotherJvm() {
  }

  /** Every TimeUnit constant mapped to its ordinal: seven identity-hashed keys. */
  static Map<TimeUnit, Integer> enumKeyedMap() {
    Map<TimeUnit, Integer> counts = new HashMap<>();
    for (TimeUnit unit : TimeUnit.values()) {
      counts.put(unit, unit.ordinal());
    }
    return counts;
  }

  /** Thirty nodes, a class without equals or hashCode, in a HashSet. */
  static Set<Fixtures.Node> identityHashedSet() {
    Set<Fixtures.Node> nodes = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      nodes.add(new Fixtures.Node("node-" + i));
    }
    return nodes;
  }

  /** Strings in a HashSet: the order is the same everywhere, JDK serialization's capacity is not. */
  static Set<String> stringSet() {
    return new HashSet<>(List.of("admin", "user", "auditor", "support", "billing"));
  }

  static AttributeSerializer serializer(String name) {
    return switch (name) {
      case "kryo" -> Codecs.kryo();
      case "kryoCompressed" -> Codecs.kryoCompressed();
      case "jdk" -> Codecs.jdk();
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** The values above, each encoded by {@code codec} in a new JVM. */
  static Map<String, byte[]> encode(String codec) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        AnotherJvm.class.getName(), codec).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (child.waitFor() != 0) {
      throw new IllegalStateException("the child JVM exited with " + child.exitValue());
    }
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    for (String line : out.lines().toList()) {
      int eq = line.indexOf('=');
      bytes.put(line.substring(0, eq), Base64.getDecoder().decode(line.substring(eq + 1)));
    }
    return bytes;
  }

  /** Runs in the child: prints name=base64 of each value. */
  public static void main(String[] args) {
    AttributeSerializer serializer = serializer(args[0]);
    ClassLoader loader = AnotherJvm.class.getClassLoader();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("enumKeyedMap", enumKeyedMap());
    values.put("identityHashedSet", identityHashedSet());
    values.put("stringSet", stringSet());
    values.forEach((name, value) -> System.out.println(name + "="
        + Base64.getEncoder().encodeToString(serializer.encode(value, loader))));
  }

  static List<String> codecs() {
    return List.of("kryo", "kryoCompressed", "jdk");
  }
}
