package dev.handoff.store;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/** The text form of every setting: the vocabulary of Tomcat attributes and Jetty setters. */
final class SettingNames {

  private static final Map<String, BiConsumer<StoreConfig.Builder, String>> SETTERS = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  static {
    SETTERS.put("address", (b, v) -> b.addresses(Arrays.stream(v.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList()));
    SETTERS.put("topology", (b, v) -> b.topology(choice("topology", v, StoreConfig.Topology.class)));
    SETTERS.put("sentinelMaster", StoreConfig.Builder::sentinelMaster);
    SETTERS.put("username", (b, v) -> b.username(v.isEmpty() ? null : v));
    SETTERS.put("password", (b, v) -> b.password(v.isEmpty() ? null : v));
    SETTERS.put("tlsVerification", (b, v) -> b.tlsVerification(choice("tlsVerification", v, StoreConfig.TlsVerification.class)));
    SETTERS.put("trustStore", (b, v) -> b.trustStore(Path.of(v), null));
    SETTERS.put("keyStore", (b, v) -> b.keyStore(Path.of(v), null));
    SETTERS.put("trustStorePassword", StoreConfig.Builder::trustStorePassword);
    SETTERS.put("keyStorePassword", StoreConfig.Builder::keyStorePassword);
    SETTERS.put("keyPrefix", StoreConfig.Builder::keyPrefix);
    SETTERS.put("namespace", StoreConfig.Builder::namespace);
    SETTERS.put("readFrom", (b, v) -> b.readFrom(choice("readFrom", v, StoreConfig.ReadFrom.class)));
    SETTERS.put("syncReplicas", (b, v) -> b.syncReplicas(integer("syncReplicas", v)));
    SETTERS.put("syncTimeout", (b, v) -> b.syncTimeout(Durations.parse("syncTimeout", v)));
    SETTERS.put("syncFailure", (b, v) -> b.syncFailure(choice("syncFailure", v, StoreConfig.SyncFailure.class)));
    SETTERS.put("connectTimeout", (b, v) -> b.connectTimeout(Durations.parse("connectTimeout", v)));
    SETTERS.put("commandTimeout", (b, v) -> b.commandTimeout(Durations.parse("commandTimeout", v)));
    SETTERS.put("retryAttempts", (b, v) -> b.retryAttempts(integer("retryAttempts", v)));
    SETTERS.put("retryInterval", (b, v) -> b.retryInterval(Durations.parse("retryInterval", v)));
    SETTERS.put("failFast", (b, v) -> b.failFast(bool("failFast", v)));
    SETTERS.put("expiryGrace", (b, v) -> b.expiryGrace(Durations.parse("expiryGrace", v)));
    SETTERS.put("touchFraction", (b, v) -> b.touchFraction(decimal("touchFraction", v)));
    SETTERS.put("expiryBuckets", (b, v) -> b.expiryBuckets(integer("expiryBuckets", v)));
    SETTERS.put("lockLease", (b, v) -> b.lockLease(Durations.parse("lockLease", v)));
    SETTERS.put("lockWait", (b, v) -> b.lockWait(Durations.parse("lockWait", v)));
    SETTERS.put("maxSessionBytes", (b, v) -> b.maxSessionBytes(integer("maxSessionBytes", v)));
    SETTERS.put("sessionKey", (b, v) -> b.sessionKey(v));
    SETTERS.put("redissonConfig", (b, v) -> b.redissonConfig(Path.of(v)));
    SETTERS.put("nodeName", StoreConfig.Builder::nodeName);
  }

  private SettingNames() {
  }

  /** Every setting name, in the spelling documented. */
  static List<String> names() {
    return List.copyOf(SETTERS.keySet());
  }

  static void apply(StoreConfig.Builder builder, String name, String value) {
    BiConsumer<StoreConfig.Builder, String> setter = name == null ? null : SETTERS.get(name.trim());
    if (setter == null) {
      throw new IllegalArgumentException("unknown setting '" + name + "'" + suggestion(name)
          + "; the settings are " + String.join(", ", SETTERS.keySet()));
    }
    setter.accept(builder, value == null ? "" : value.trim());
  }

  private static String suggestion(String name) {
    if (name == null) {
      return "";
    }
    String best = null;
    int bestDistance = 3;
    for (String known : SETTERS.keySet()) {
      int d = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static <E extends Enum<E>> E choice(String setting, String value, Class<E> type) {
    String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException(setting + " = '" + value + "': use one of "
        + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", ")));
  }

  private static int integer(String setting, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " = '" + value + "': must be a whole number");
    }
  }

  private static double decimal(String setting, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " = '" + value + "': must be a number such as 0.1");
    }
  }

  private static boolean bool(String setting, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(setting + " = '" + value + "': use true or false");
  }
}
