package dev.handoff.store;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** The text forms of setting values; every error names the setting, the value and what is allowed. */
final class SettingValues {

  private SettingValues() {
  }

  static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static <E extends Enum<E>> E choice(String setting, String value, Class<E> type) {
    String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException(setting + " = '" + value + "': use one of "
        + Arrays.stream(type.getEnumConstants()).map(SettingBounds::word).collect(Collectors.joining(", ")));
  }

  static int integer(String setting, String value) {
    long whole = whole(setting, value);
    if (whole != (int) whole) {
      throw new IllegalArgumentException(setting + " = '" + value + "': must be a whole number of at most "
          + Integer.MAX_VALUE);
    }
    return (int) whole;
  }

  static long whole(String setting, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " = '" + value + "': must be a whole number");
    }
  }

  static double decimal(String setting, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " = '" + value + "': must be a number such as 0.1");
    }
  }

  static boolean bool(String setting, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(setting + " = '" + value + "': use true or false");
  }

  static Pattern pattern(String setting, String value) {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(setting + " = '" + value + "': not a regular expression ("
          + e.getDescription() + ")");
    }
  }

  /** 0.5, 0, 0.25: no trailing zeros. */
  static String decimalText(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
        : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** 1024 as 1 KiB, 4194304 as 4 MiB; other counts as bytes. */
  static String binary(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }
}
