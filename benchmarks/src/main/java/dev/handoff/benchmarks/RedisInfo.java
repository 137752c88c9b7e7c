package dev.handoff.benchmarks;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code INFO} reply (any sections), parsed: plain {@code field:value} lines, and the {@code
 * calls} of each command from the commandstats section. Snapshots of several servers add up, and
 * two snapshots subtract, so a benchmark can say what a cluster did between them.
 */
final class RedisInfo {

  /**
   * Commands that are not the work being measured: the measuring INFO itself, and what a client
   * sends on its own (pings, cluster topology scans, connection set-up); {@code cluster|} and
   * {@code client|} subcommands count as background too.
   */
  static final Set<String> BACKGROUND_COMMANDS = Set.of("info", "ping", "hello", "select", "readonly", "auth");

  private final Map<String, String> fields;
  private final Map<String, Long> commandCalls;

  private RedisInfo(Map<String, String> fields, Map<String, Long> commandCalls) {
    this.fields = Collections.unmodifiableMap(fields);
    this.commandCalls = Collections.unmodifiableMap(commandCalls);
  }

  /** Parses the text of an INFO reply. */
  static RedisInfo parse(String info) {
    Map<String, String> fields = new HashMap<>();
    Map<String, Long> calls = new LinkedHashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (line.isEmpty() || line.startsWith("#") || colon < 0) {
        continue;
      }
      String name = line.substring(0, colon);
      String value = line.substring(colon + 1);
      if (name.startsWith("cmdstat_")) {
        int at = value.indexOf("calls=");
        int end = value.indexOf(',', at);
        calls.put(name.substring("cmdstat_".length()),
            Long.parseLong(value.substring(at + 6, end < 0 ? value.length() : end)));
      } else {
        fields.put(name, value);
      }
    }
    return new RedisInfo(fields, calls);
  }

  /** A numeric field, e.g. {@code used_memory}; 0 when absent. */
  long number(String field) {
    String value = fields.get(field);
    return value == null ? 0 : Long.parseLong(value.trim());
  }

  /** A field with decimals, e.g. {@code used_cpu_user} (seconds); 0 when absent. */
  double decimal(String field) {
    String value = fields.get(field);
    return value == null ? 0 : Double.parseDouble(value.trim());
  }

  /** Calls per command name (lower case, subcommands as {@code cluster|nodes}). */
  Map<String, Long> commandCalls() {
    return commandCalls;
  }

  /** Sum of the calls of every command except the background ones. */
  long workCommands() {
    return commandCalls.entrySet().stream().filter(e -> !isBackground(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** True for the commands {@link #BACKGROUND_COMMANDS} describes. */
  static boolean isBackground(String command) {
    return BACKGROUND_COMMANDS.contains(command) || command.startsWith("cluster|") || command.startsWith("client|");
  }

  /** Field by field and command by command: this plus {@code other} (snapshots of two servers). */
  RedisInfo plus(RedisInfo other) {
    return combine(other, 1);
  }

  /** Field by field and command by command: this minus {@code earlier} (what happened between). */
  RedisInfo minus(RedisInfo earlier) {
    return combine(earlier, -1);
  }

  private RedisInfo combine(RedisInfo other, int sign) {
    Map<String, String> fields = new HashMap<>();
    for (String name : union(this.fields.keySet(), other.fields.keySet())) {
      try {
        fields.put(name, Long.toString(number(name) + sign * other.number(name)));
      } catch (NumberFormatException notWhole) {
        try {
          fields.put(name, Double.toString(decimal(name) + sign * other.decimal(name)));
        } catch (NumberFormatException e) {
          // not a counter (versions, names, human-readable sizes)
        }
      }
    }
    Map<String, Long> calls = new LinkedHashMap<>();
    for (String name : union(commandCalls.keySet(), other.commandCalls.keySet())) {
      calls.put(name, commandCalls.getOrDefault(name, 0L) + sign * other.commandCalls.getOrDefault(name, 0L));
    }
    return new RedisInfo(fields, calls);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
