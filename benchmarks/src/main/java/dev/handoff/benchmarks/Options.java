package dev.handoff.benchmarks;

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
}
