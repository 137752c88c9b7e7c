package dev.handoff.tomcat;

import dev.handoff.serialization.SerializationConfig;
import dev.handoff.store.StoreConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <Manager>} attributes Handoff reads (everything that is not a property of Tomcat's
 * ManagerBase), kept as text until the context starts and then validated: store settings go to
 * {@link StoreConfig.Builder#set}, serializer settings to {@link SerializationConfig}. Values may
 * use {@code ${name}} (a system property, else an environment variable) and {@code ${env.NAME}}.
 */
final class ManagerSettings {

  /** Which requests take the session's lock for their whole duration. */
  enum Locking { NONE, ALL, PATTERN }

  /** What a request that needs a session gets while Redis is unreachable. */
  enum FailurePolicy { DEGRADE, FAIL }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

  private final Map<String, String> values = new LinkedHashMap<>();

  void put(String name, String value) {
    values.put(name, value);
  }

  /** The store settings, with the namespace defaulting to {@code host/context}. */
  StoreConfig storeConfig(String defaultNamespace) {
    StoreConfig.Builder builder = StoreConfig.builder().namespace(defaultNamespace);
    values.forEach((name, value) -> {
      if (!isOwn(name)) {
        builder.set(name, resolve(name, value));
      }
    });
    return builder.build();
  }

  SerializationConfig serializationConfig() {
    SerializationConfig.Builder builder = SerializationConfig.builder();
    values.forEach((name, value) -> {
      if (SerializationConfig.isSetting(name)) {
        builder.set(name, resolve(name, value));
      }
    });
    return builder.build();
  }

  /** Whether attributes read during a request are checked for changes made in place (default true). */
  boolean checkInPlaceChanges() {
    String value = text("checkInPlaceChanges");
    return value == null || bool("checkInPlaceChanges", value);
  }

  FailurePolicy failurePolicy() {
    String value = text("failurePolicy");
    if (value == null) {
      return FailurePolicy.DEGRADE;
    }
    try {
      return FailurePolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failurePolicy = '" + value + "': use degrade or fail");
    }
  }

  Locking locking() {
    String value = text("locking");
    if (value == null) {
      return Locking.NONE;
    }
    try {
      Locking locking = Locking.valueOf(value.trim().toUpperCase(Locale.ROOT));
      if (locking == Locking.PATTERN && text("lockPattern") == null) {
        throw new IllegalArgumentException("locking = pattern needs lockPattern, a regular expression of request URIs");
      }
      return locking;
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("locking = pattern")) {
        throw e;
      }
      throw new IllegalArgumentException("locking = '" + value + "': use none, all or pattern");
    }
  }

  java.util.regex.Pattern lockPattern() {
    String value = text("lockPattern");
    try {
      return value == null ? null : java.util.regex.Pattern.compile(value);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("lockPattern = '" + value + "': not a regular expression (" + e.getDescription() + ")");
    }
  }

  private static boolean isOwn(String name) {
    return SerializationConfig.isSetting(name) || switch (name) {
      case "checkInPlaceChanges", "failurePolicy", "locking", "lockPattern" -> true;
      default -> false;
    };
  }

  private String text(String name) {
    String value = values.get(name);
    return value == null ? null : resolve(name, value);
  }

  /** Replaces {@code ${...}} that Tomcat's digester left in place (environment variables, mostly). */
  static String resolve(String setting, String value) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String replacement = key.startsWith("env.") ? System.getenv(key.substring(4))
          : System.getProperty(key, System.getenv(key));
      if (replacement == null) {
        throw new IllegalArgumentException(setting + ": ${" + key + "} is neither a system property nor an"
            + " environment variable");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean bool(String name, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(name + " = '" + value + "': use true or false");
  }


}
