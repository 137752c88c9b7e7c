package dev.handoff.serialization;

/**
 * One way of turning a value into bytes and back: Kryo and JDK serialization are built in; a
 * user may plug in their own by naming its class (public, with a public no-argument constructor)
 * in the {@code serializer} setting. Implementations are thread-safe. They write and read the
 * payload only; {@link AttributeSerializer} adds the header, compression and size checks.
 */
public interface Codec {

  /** Lowest id a user codec may take; ids below are reserved for Handoff's own codecs. */
  int FIRST_USER_ID = 64;

  /** Highest codec id. */
  int LAST_USER_ID = 127;

  /**
   * The id written in the header of every value this codec encodes. Never change it once values
   * are stored: it is how those values find their codec again. User codecs take 64 to 127.
   */
  int id();

  /** The name users write in configuration, e.g. {@code kryo}. */
  String name();

  /**
   * Encodes {@code value}; classes are those of {@code context.classLoader()}.
   *
   * @throws SerializationException when the value cannot be encoded
   */
  byte[] encode(Object value, CodecContext context);

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset}. Must consult {@code
   * context.classFilter()} before resolving any class, resolve classes through {@code
   * context.classLoader()}, and allocate no more than the input can justify.
   *
   * @throws SerializationException when the bytes cannot be decoded
   */
  Object decode(byte[] bytes, int offset, int length, CodecContext context);
}
