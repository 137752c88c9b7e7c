package dev.handoff.benchmarks;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationConfig;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The serializer settings compared by the serialization benchmark, named as in its table. */
enum SessionCodec {

  /** Handoff's defaults: Kryo, LZ4 for attributes above 1024 bytes. */
  DEFAULTS("kryo-defaults", "Handoff's defaults: Kryo, LZ4 for attributes above 1024 bytes"),
  /** Kryo, never compressed. */
  KRYO("kryo", "Kryo, no compression"),
  /** Kryo, with LZ4 for attributes above {@link #LZ4_THRESHOLD_BYTES}. */
  KRYO_LZ4("kryo+lz4", "Kryo, LZ4 for attributes above " + SessionCodec.LZ4_THRESHOLD_BYTES + " bytes"),
  /** Plain Java serialization: the baseline. */
  JDK("jdk", "JDK serialization, no compression (the baseline)");

  /**
   * Lower than Handoff's default of 4096 so that the cart, the one large attribute of the
   * benchmark session, is compressed.
   */
  static final int LZ4_THRESHOLD_BYTES = 256;

  private final String label;
  private final String description;

  SessionCodec(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** The codec with this label, as used by the JMH parameter {@code codec}. */
  static SessionCodec named(String label) {
    for (SessionCodec codec : values()) {
      if (codec.label.equals(label)) {
        return codec;
      }
    }
    throw new IllegalArgumentException("codec = '" + label + "': use one of "
        + Arrays.stream(values()).map(SessionCodec::label).collect(Collectors.joining(", ")));
  }

  String label() {
    return label;
  }

  String description() {
    return description;
  }

  AttributeSerializer serializer() {
    SerializationConfig.Builder config = SerializationConfig.builder();
    switch (this) {
      case DEFAULTS -> { }
      case KRYO -> config.serializer("kryo").compression(false);
      case KRYO_LZ4 -> config.serializer("kryo").compression(true)
          .compressionThresholdBytes(LZ4_THRESHOLD_BYTES);
      case JDK -> config.serializer("jdk").compression(false);
      default -> throw new AssertionError(this);
    }
    return AttributeSerializer.create(config.build());
  }
}
