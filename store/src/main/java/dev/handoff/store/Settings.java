package dev.handoff.store;

import dev.handoff.serialization.SerializationConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The settings of one application as its operator wrote them (Tomcat {@code <Manager>}
 * attributes, Jetty factory settings), parsed once by the one table of every setting (the table
 * is in store/README.md) into the store's, the serializer's and the adapter's configs.
 *
 * <p>Names are matched ignoring case. An unknown name, a name given twice (also in two spellings),
 * an unresolved placeholder or a bad value is an error that names the setting as written, the
 * value and what is allowed. Values may use {@code ${name}} (a system property, else an
 * environment variable) and {@code ${env.NAME}}.
 */
public final class Settings {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

  private final StoreConfig store;
  private final SerializationConfig serialization;
  private final RequestConfig requests;

  private Settings(StoreConfig store, SerializationConfig serialization, RequestConfig requests) {
    this.store = store;
    this.serialization = serialization;
    this.requests = requests;
  }

  /**
   * Parses and validates every setting.
   *
   * @param written the name/value pairs in the order given; a null value counts as not given
   * @param adapterDefaults the adapter's own defaults (the namespace, say), applied before the
   *     settings written, which win
   * @throws IllegalArgumentException naming the setting, the value and what is allowed
   */
  public static Settings parse(List<Map.Entry<String, String>> written, Consumer<StoreConfig.Builder> adapterDefaults) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    Map<Setting, String> spellings = new EnumMap<>(Setting.class);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> pair : written) {
      String name = pair.getKey() == null ? "" : pair.getKey().trim();
      if (pair.getValue() == null) {
        continue;
      }
      Setting setting = Setting.named(name).orElse(null);
      if (setting == null) {
        problems.add(unknown(name));
      } else if (spellings.containsKey(setting)) {
        String first = spellings.get(setting);
        problems.add(setting.userName() + " is given twice" + (first.equals(name) ? "" : " (as '" + first + "' and '"
            + name + "')") + "; give it once");
      } else {
        spellings.put(setting, name);
        values.put(setting, pair.getValue());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Builders builders = new Builders();
    adapterDefaults.accept(builders.store);
    values.forEach((setting, value) -> setting.apply(builders, resolve(spellings.get(setting), value).trim()));
    return new Settings(builders.store.build(), builders.serialization.build(), builders.requests.build());
  }

  /** The same, from a map (one spelling per name: no repeats to find). */
  public static Settings parse(Map<String, String> written, Consumer<StoreConfig.Builder> adapterDefaults) {
    return parse(List.copyOf(written.entrySet()), adapterDefaults);
  }

  public StoreConfig storeConfig() { return store; }
  public SerializationConfig serializationConfig() { return serialization; }
  public RequestConfig requestConfig() { return requests; }

  /** Whether a setting of this name exists (ignoring case). */
  static boolean isSetting(String name) {
    return name != null && Setting.named(name).isPresent();
  }

  /** Whether the setting of this name holds a secret (a password, the sessionKey): never logged. */
  public static boolean isSecret(String name) {
    return name != null && (name.toLowerCase(Locale.ROOT).contains("password") || name.equalsIgnoreCase("sessionKey"));
  }

  /** The effective settings, secrets masked: what an adapter logs once at start. */
  @Override
  public String toString() {
    return store + ", " + serialization + ", " + requests;
  }

  /** The builders the table's rows apply their text to. */
  static final class Builders {
    final StoreConfig.Builder store = StoreConfig.builder();
    final SerializationConfig.Builder serialization = SerializationConfig.builder();
    final RequestConfig.Builder requests = RequestConfig.builder();
  }

  private static String unknown(String name) {
    List<String> close = suggestions(name);
    return "unknown setting '" + name + "'" + (close.isEmpty()
        ? "; the settings are " + Arrays.stream(Setting.values()).map(Setting::userName).collect(Collectors.joining(", "))
        : " (did you mean " + String.join(" or ", close) + "?)");
  }

  /**
   * The known names closest to a misspelled one, best first (at most three): those within a few
   * edits, and those made of the same words ({@code maxBytes} for {@code maxAttributeBytes}).
   */
  static List<String> suggestions(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int allowed = Math.max(2, lower.length() / 4);
    Set<String> words = words(name);
    record Candidate(String name, int distance) {
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      String known = setting.userName();
      int d = distance(lower, known.toLowerCase(Locale.ROOT));
      if (d <= allowed) {
        candidates.add(new Candidate(known, d));
      } else if (words.size() > 1 && words(known).containsAll(words)) {
        candidates.add(new Candidate(known, allowed + d));
      }
    }
    return candidates.stream().sorted(Comparator.comparingInt(Candidate::distance)).limit(3).map(Candidate::name)
        .toList();
  }

  private static Set<String> words(String name) {
    return Arrays.stream(name.split("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")).filter(w -> !w.isEmpty())
        .map(w -> w.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
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

  /** Replaces {@code ${...}} that the container left in place (environment variables, mostly). */
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
}
