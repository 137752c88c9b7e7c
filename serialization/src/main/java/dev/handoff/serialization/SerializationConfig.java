package dev.handoff.serialization;

import java.util.Objects;

/**
 * The settings of {@link AttributeSerializer}, validated once by {@link Builder#build()} and
 * immutable afterwards: {@code serializer}, {@code compression}, {@code compressionThresholdBytes},
 * {@code classFilter}, {@code maxAttributeBytes}, {@code maxDepth}. Their defaults, bounds and text
 * forms are in the one table of every Handoff setting, in the store module's README (the store
 * parses the text forms the adapters are given and calls this builder).
 */
public final class SerializationConfig {

  static final int MIN_BYTES = 1024;
  static final int MAX_BYTES = 512 * 1024 * 1024;

  private final String serializer;
  private final boolean compression;
  private final int compressionThresholdBytes;
  private final String classFilterPatterns;
  private final ClassFilter classFilter;
  private final int maxAttributeBytes;
  private final int maxDepth;
  private final int maxObjects;
  private final java.time.Duration maxDecodeTime;

  private SerializationConfig(Builder b) {
    this.serializer = b.serializer;
    this.compression = b.compression;
    this.compressionThresholdBytes = b.compressionThresholdBytes;
    this.classFilterPatterns = b.classFilter;
    this.classFilter = ClassFilter.withDefaults(b.classFilter);
    this.maxAttributeBytes = b.maxAttributeBytes;
    this.maxDepth = b.maxDepth;
    this.maxObjects = b.maxObjects;
    this.maxDecodeTime = b.maxDecodeTime;
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
  public int maxAttributeBytes() {
    return maxAttributeBytes;
  }

  /** Most objects one value's decode may read. */
  public int maxObjects() {
    return maxObjects;
  }

  /** Longest one value's decode may run. */
  public java.time.Duration maxDecodeTime() {
    return maxDecodeTime;
  }

  /** Maximum nesting depth of one value's object graph. */
  public int maxDepth() {
    return maxDepth;
  }

  @Override
  public String toString() {
    return "serializer=" + serializer + ", compression=" + compression
        + ", compressionThresholdBytes=" + compressionThresholdBytes + ", classFilter="
        + (classFilterPatterns == null || classFilterPatterns.isBlank() ? "(defaults)" : classFilterPatterns)
        + ", maxAttributeBytes=" + maxAttributeBytes + ", maxDepth=" + maxDepth + ", maxObjects=" + maxObjects
        + ", maxDecodeTime=" + maxDecodeTime.toMillis() + "ms";
  }

  /** Collects the settings; {@link #build()} validates them. */
  public static final class Builder {
    private String serializer = "kryo";
    private boolean compression = true;
    private int compressionThresholdBytes = 1024;
    private String classFilter = "";
    private int maxAttributeBytes = 8 * 1024 * 1024;
    private int maxDepth = 500;
    private int maxObjects = 1_000_000;
    private java.time.Duration maxDecodeTime = java.time.Duration.ofSeconds(1);

    private Builder() {
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
    public Builder maxAttributeBytes(int bytes) {
      this.maxAttributeBytes = bytes;
      return this;
    }

    /** Deepest object graph nesting decoding accepts (default 500). */
    public Builder maxDepth(int depth) {
      this.maxDepth = depth;
      return this;
    }

    /** Most objects one value's decode may read (default 1,000,000). */
    public Builder maxObjects(int objects) {
      this.maxObjects = objects;
      return this;
    }

    /** Longest one value's decode may run (default 1 s). */
    public Builder maxDecodeTime(java.time.Duration time) {
      this.maxDecodeTime = time;
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
      requireRange("maxAttributeBytes", maxAttributeBytes, MIN_BYTES, MAX_BYTES);
      requireRange("maxDepth", maxDepth, 16, 10_000);
      requireRange("maxObjects", maxObjects, 1_000, 100_000_000);
      Objects.requireNonNull(maxDecodeTime, "maxDecodeTime");
      if (maxDecodeTime.compareTo(java.time.Duration.ofMillis(10)) < 0 || maxDecodeTime.compareTo(java.time.Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("maxDecodeTime = " + maxDecodeTime.toMillis() + "ms: must be between 10ms and 10m");
      }
      requireRange("compressionThresholdBytes", compressionThresholdBytes, 64, MAX_BYTES);
      Objects.requireNonNull(classFilter, "classFilter");
      return new SerializationConfig(this);
    }

    private static void requireRange(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(setting + " = " + value + ": must be between " + min
            + " and " + max);
      }
    }
  }
}
