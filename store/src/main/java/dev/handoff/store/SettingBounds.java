package dev.handoff.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one setting allows: a range (whole numbers, byte counts, decimals, durations), a choice of
 * words, true or false, or text described in words. One value per row of {@link Setting}.
 */
final class SettingBounds {

  enum Kind { TEXT, BOOLEAN, CHOICE, INTEGER, BYTES, DECIMAL, DURATION }

  private final Kind kind;
  private final String description;
  private final List<String> choices;
  private final double min;
  private final double max;
  private final Duration minDuration;
  private final Duration maxDuration;

  private SettingBounds(Kind kind, String description, List<String> choices, double min, double max,
      Duration minDuration, Duration maxDuration) {
    this.kind = kind;
    this.description = description;
    this.choices = choices;
    this.min = min;
    this.max = max;
    this.minDuration = minDuration;
    this.maxDuration = maxDuration;
  }

  static SettingBounds text(String description) {
    return new SettingBounds(Kind.TEXT, description, List.of(), 0, 0, null, null);
  }

  static SettingBounds bool() {
    return new SettingBounds(Kind.BOOLEAN, "`true`, `false`", List.of("true", "false"), 0, 0, null, null);
  }

  static SettingBounds choice(Class<? extends Enum<?>> type) {
    List<String> words = Arrays.stream(type.getEnumConstants()).map(SettingBounds::word).toList();
    return new SettingBounds(Kind.CHOICE, words.stream().map(w -> "`" + w + "`").collect(Collectors.joining(", ")),
        words, 0, 0, null, null);
  }

  static SettingBounds integer(long min, long max) {
    return new SettingBounds(Kind.INTEGER, min + " to " + max, List.of(), min, max, null, null);
  }

  static SettingBounds bytes(long min, long max) {
    return new SettingBounds(Kind.BYTES, min + " to " + max + " (" + SettingValues.binary(min) + " to "
        + SettingValues.binary(max) + ")", List.of(), min, max, null, null);
  }

  static SettingBounds decimal(double min, double max) {
    return new SettingBounds(Kind.DECIMAL, SettingValues.decimalText(min) + " to " + SettingValues.decimalText(max),
        List.of(), min, max, null, null);
  }

  static SettingBounds duration(String min, String max) {
    return new SettingBounds(Kind.DURATION, min + " to " + max, List.of(), 0, 0,
        Durations.parse("min", min), Durations.parse("max", max));
  }

  /** The word users write for an enum constant: lower case, '-' for '_'. */
  static String word(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  Kind kind() { return kind; }

  /** What is allowed, in the words of the README. */
  String describe() { return description; }

  /** The words a choice or a boolean allows; empty otherwise. */
  List<String> choices() { return choices; }

  /** The smallest and largest allowed values in their text form; null for kinds without a range. */
  String minText() { return rangeText(min, minDuration); }
  String maxText() { return rangeText(max, maxDuration); }

  private String rangeText(double number, Duration duration) {
    return switch (kind) {
      case INTEGER, BYTES -> String.valueOf((long) number);
      case DECIMAL -> SettingValues.decimalText(number);
      case DURATION -> Durations.format(duration);
      default -> null;
    };
  }

  void check(String setting, long value) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(setting + " = " + value + ": must be between " + minText() + " and " + maxText());
    }
  }

  void check(String setting, double value) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(setting + " = " + SettingValues.decimalText(value) + ": must be between "
          + minText() + " and " + maxText());
    }
  }

  void check(String setting, Duration value) {
    if (value == null || value.compareTo(minDuration) < 0 || value.compareTo(maxDuration) > 0) {
      throw new IllegalArgumentException(setting + " = " + (value == null ? "null" : Durations.format(value))
          + ": must be between " + minText() + " and " + maxText());
    }
  }
}
