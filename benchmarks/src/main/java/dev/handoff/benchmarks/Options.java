package dev.handoff.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Checks of option values shared by the benchmarks' parsers; errors name the option and the value. */
final class Options {

  private Options() {
  }

  /** A whole number above 0; {@code _} and {@code ,} may group digits (1_000_000). */
  static long positive(String option, String value) {
    try {
      long n = Long.parseLong(value.replace("_", "").replace(",", ""));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // below
    }
    throw new IllegalArgumentException(option + " = " + value + ": must be a whole number > 0");
  }

  /**
   * The options given as {@code --name value}, in order (a repeated one: the last value), the
   * {@code flags} (options without a value) left out.
   *
   * @throws IllegalArgumentException for a last option that has no value
   */
  static Map<String, String> valued(String[] args, Set<String> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (flags.contains(args[i])) {
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + ": unknown, or missing its value");
      }
      values.put(args[i], args[i + 1]);
      i++;
    }
    return values;
  }
}
