package dev.handoff.serialization;

import java.util.List;

/** The serializer configurations every contract test runs against. */
final class Codecs {

  private Codecs() {
  }

  static AttributeSerializer kryo() {
    return AttributeSerializer.create(SerializationConfig.builder().serializer("kryo").compression(false).build());
  }

  static AttributeSerializer kryoCompressed() {
    return AttributeSerializer.create(SerializationConfig.builder().serializer("kryo")
        .compression(true).compressionThresholdBytes(64).build());
  }

  static AttributeSerializer jdk() {
    return AttributeSerializer.create(SerializationConfig.builder().serializer("jdk").compression(false).build());
  }

  /** Every built-in codec, for parameterized tests. */
  static List<AttributeSerializer> all() {
    return List.of(kryo(), kryoCompressed(), jdk());
  }
}
