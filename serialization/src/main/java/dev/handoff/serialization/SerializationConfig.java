package dev.handoff.serialization;

import java.util.Objects;

/**
 * The settings of {@link AttributeSerializer}, validated once by {@link Builder#build()} and
 * immutable afterwards.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>allowed</th></tr>
 *   <tr><td>serializer</td><td>{@code kryo}</td><td>{@code kryo}, {@code jdk}, or the class name of a {@link Codec}</td></tr>
 *   <tr><td>compression</td><td>on</td><td>on / off: LZ4 for values above the threshold</td></tr>
 *   <tr><td>compressionThresholdBytes</td><td>1024</td><td>64 to 512 MiB</td></tr>
 *   <tr><td>classFilter</td><td>(empty: only the default deny list)</td><td>{@link ClassFilter} patterns</td></tr>
 *   <tr><td>maxBytes</td><td>8 MiB</td><td>1 KiB to 512 MiB</td></tr>
 *   <tr><td>maxDepth</td><td>500</td><td>16 to 10000</td></tr>
 * </table>
 */
public final class SerializationConfig {

  static final int MIN_BYTES = 1024;
  static final int MAX_BYTES = 512 * 1024 * 1024;

  private final String serializer;
  private final boolean compression;
  private final int compressionThresholdBytes;
  private final String classFilterPatterns;
  private final ClassFilter classFilter;
  private final int maxBytes;
  private final int maxDepth;

  private SerializationConfig(Builder b) {
    this.serializer = b.serializer;
    this.compression = b.compression;
    this.compressionThresholdBytes = b.compressionThresholdBytes;
    this.classFilterPatterns = b.classFilter;
    this.classFilter = ClassFilter.withDefaults(b.classFilter);
    this.maxBytes = b.maxBytes;
    this.maxDepth = b.maxDepth;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** All defaults: Kryo, LZ4 above 1 KiB, the default deny list, 8 MiB, depth 500. */
  public static SerializationConfig defaults() {
    return builder().build();
  }

  /** {@code kryo}, {@code jdk} or a codec class name. */
  public String serializer() {
    return serializer;
  }

  /** Whether values above {@link #compressionThresholdBytes()} are LZ4-compressed. */
  public boolean compression() {
    return compression;
  }

  /** Encoded size above which a value is compressed. */
  public int compressionThresholdBytes() {
    return compressionThresholdBytes;
  }

  /** The class filter in force (the user's patterns, then the default deny list). */
  public ClassFilter classFilter() {
    return classFilter;
  }

  /** Maximum size of one value, encoded or decoded. */
  public int maxBytes() {
    return maxBytes;
  }

  /** Maximum nesting depth of one value's object graph. */
  public int maxDepth() {
    return maxDepth;
  }

  @Override
  public String toString() {
    return "serializer=" + serializer + ", compression=" + (compression ? "on" : "off")
        + ", compressionThresholdBytes=" + compressionThresholdBytes + ", classFilter="
        + (classFilterPatterns == null || classFilterPatterns.isBlank() ? "(defaults)" : classFilterPatterns)
        + ", maxBytes=" + maxBytes + ", maxDepth=" + maxDepth;
  }

  /**
   * True for the names {@link Builder#set} takes: {@code serializer}, {@code classFilter},
   * {@code compression}, {@code compressionThresholdBytes}, {@code maxAttributeBytes}, {@code
   * maxDepth} (the names of the adapters' settings; {@code maxAttributeBytes} is {@code maxBytes}).
   */
  public static boolean isSetting(String name) {
    return switch (name) {
      case "serializer", "classFilter", "compression", "compressionThresholdBytes", "maxAttributeBytes", "maxDepth" -> true;
      default -> false;
    };
  }

  /** Collects the settings; {@link #build()} validates them. */
  public static final class Builder {
    private String serializer = "kryo";
    private boolean compression = true;
    private int compressionThresholdBytes = 1024;
    private String classFilter = "";
    private int maxBytes = 8 * 1024 * 1024;
    private int maxDepth = 500;

    private Builder() {
    }

    /**
     * Sets one setting from its text form, by the name the Tomcat manager's attributes and the
     * Jetty factory use (see {@link SerializationConfig#isSetting}).
     *
     * @throws IllegalArgumentException naming the setting and the value
     */
    public Builder set(String name, String value) {
      String text = value == null ? "" : value.trim();
      switch (name) {
        case "serializer" -> serializer(text);
        case "classFilter" -> classFilter(text);
        case "compression" -> compression(bool(name, text));
        case "compressionThresholdBytes" -> compressionThresholdBytes(integer(name, text));
        case "maxAttributeBytes" -> maxBytes(integer(name, text));
        case "maxDepth" -> maxDepth(integer(name, text));
        default -> throw new IllegalArgumentException("unknown serializer setting '" + name + "'");
      }
      return this;
    }

    private static boolean bool(String name, String value) {
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw new IllegalArgumentException(name + " = '" + value + "': use true or false");
    }

    private static int integer(String name, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " = '" + value + "': must be a whole number");
      }
    }

    /** {@code kryo} (default), {@code jdk}, or the fully qualified class name of a {@link Codec}. */
    public Builder serializer(String serializer) {
      this.serializer = serializer;
      return this;
    }

    /** LZ4 compression of values above the threshold: on (default) or off. */
    public Builder compression(boolean enabled) {
      this.compression = enabled;
      return this;
    }

    /** Values whose encoded size exceeds this many bytes are compressed (default 1024). */
    public Builder compressionThresholdBytes(int bytes) {
      this.compressionThresholdBytes = bytes;
      return this;
    }

    /** Extra {@link ClassFilter} patterns, tried before the default deny list. */
    public Builder classFilter(String patterns) {
      this.classFilter = patterns;
      return this;
    }

    /** Largest value, in bytes, encoded or decoded (default 8 MiB). */
    public Builder maxBytes(int bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /** Deepest object graph nesting decoding accepts (default 500). */
    public Builder maxDepth(int depth) {
      this.maxDepth = depth;
      return this;
    }

    /**
     * Validates every setting and freezes them.
     *
     * @throws IllegalArgumentException naming the setting, the value and what is allowed
     */
    public SerializationConfig build() {
      if (serializer == null || serializer.isBlank()) {
        throw new IllegalArgumentException("serializer = '" + serializer
            + "': use kryo, jdk, or the class name of a dev.handoff.serialization.Codec");
      }
      serializer = serializer.trim();
      requireRange("maxBytes", maxBytes, MIN_BYTES, MAX_BYTES);
      requireRange("maxDepth", maxDepth, 16, 10_000);
      requireRange("compressionThresholdBytes", compressionThresholdBytes, 64, MAX_BYTES);
      Objects.requireNonNull(classFilter, "classFilter");
      SerializationConfig config = new SerializationConfig(this);
      return config;
    }

    private static void requireRange(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(setting + " = " + value + ": must be between " + min
            + " and " + max);
      }
    }
  }
}
