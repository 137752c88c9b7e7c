package dev.handoff.serialization;

import dev.handoff.serialization.internal.Codecs;
import dev.handoff.serialization.internal.Compression;
import dev.handoff.serialization.internal.ImmutableTypes;
import java.util.Arrays;

/**
 * Encodes one session attribute value to bytes and decodes it back, with the codec, class filter
 * and limits of one {@link SerializationConfig}. Thread-safe; create one per configuration.
 *
 * <p>Every value starts with a three-byte header, so values written by another codec or an older
 * Handoff stay readable (see the module README for the format):
 *
 * <pre>
 * byte 0   0xB1: a Handoff value (high nibble 0xB), format version 1 (low nibble)
 * byte 1   codec id: 1 = jdk, 2 = kryo, 64..127 = user codecs
 * byte 2   flags: bit 0 = payload LZ4-compressed; other bits are 0
 * [4 bytes big-endian decoded payload length, when compressed]
 * payload
 * </pre>
 */
public final class AttributeSerializer {

  static final int MARKER = 0xB1;
  static final int HEADER_BYTES = 3;
  static final int FLAG_LZ4 = 1;
  /** Sorting for a canonical comparison may write this many times the value's encoded size. */
  static final long CANONICAL_WORK_FACTOR = 16;

  private final SerializationConfig config;
  private final Codecs codecs;
  private final Codec writer;

  private AttributeSerializer(SerializationConfig config) {
    this.config = config;
    this.codecs = Codecs.load(config.serializer());
    this.writer = codecs.writer();
  }

  /**
   * A serializer for {@code config}.
   *
   * @throws IllegalArgumentException when the {@code serializer} setting names no usable codec
   */
  public static AttributeSerializer create(SerializationConfig config) {
    return new AttributeSerializer(config);
  }

  /** The configuration it was built from. */
  public SerializationConfig config() {
    return config;
  }

  /** The codec that encodes, e.g. {@code kryo}. */
  public String codecName() {
    return writer.name();
  }

  /**
   * Encodes {@code value}, whose classes belong to {@code classLoader} (the web application's).
   *
   * @throws SerializationException when the value cannot be encoded or is larger than maxAttributeBytes
   */
  public byte[] encode(Object value, ClassLoader classLoader) {
    byte[] payload;
    try {
      payload = writer.encode(value, context(classLoader));
    } catch (StackOverflowError e) {
      throw new SerializationException("a value of " + className(value) + " is nested too deeply to encode", e);
    }
    if (payload.length > config.maxAttributeBytes()) {
      throw new SerializationException("a value of " + className(value) + " encodes to "
          + payload.length + " bytes, above maxAttributeBytes = " + config.maxAttributeBytes());
    }
    if (config.compression() && payload.length > config.compressionThresholdBytes()) {
      byte[] compressed = Compression.compress(payload);
      if (compressed.length + 4 < payload.length) {
        byte[] out = new byte[HEADER_BYTES + 4 + compressed.length];
        writeHeader(out, FLAG_LZ4);
        writeInt(out, HEADER_BYTES, payload.length);
        System.arraycopy(compressed, 0, out, HEADER_BYTES + 4, compressed.length);
        return out;
      }
    }
    byte[] out = new byte[HEADER_BYTES + payload.length];
    writeHeader(out, 0);
    System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
    return out;
  }

  /**
   * Encodes {@code value} and returns the bytes when its content differs from what {@code previous}
   * (the bytes it was decoded from) holds, or null when it is the same: how a caller finds out that
   * an object was changed in place.
   *
   * <p>Equal bytes mean unchanged. Different bytes alone do not mean changed: the iteration order
   * of a HashMap or HashSet follows hash codes, and identity hash codes (of enums, of objects
   * without {@code hashCode}) differ from one JVM to the next, so a value another node encoded may
   * encode to other bytes here without anyone touching it. Then {@code previous} is decoded again
   * and encoded here: the same bytes as {@code value}'s mean unchanged. If not, both are compared in
   * the codec's canonical form, hash-ordered collections sorted by their elements' encoding: equal
   * means unchanged. Anything else, {@code previous} unreadable included, counts as changed (a
   * needless write at worst, never a lost change). The common case, equal bytes, costs one encode.
   *
   * @throws SerializationException when the value cannot be encoded or is larger than maxAttributeBytes
   */
  public byte[] encodeIfChanged(Object value, byte[] previous, ClassLoader classLoader) {
    byte[] now = encode(value, classLoader);
    if (Arrays.equals(now, previous)) {
      return null;
    }
    Object stored;
    try {
      stored = decode(previous, classLoader);
      if (Arrays.equals(encode(stored, classLoader), now)) {
        return null; // same content, encoded in another JVM (or by an older release)
      }
    } catch (SerializationException e) {
      return now; // previous bytes unreadable here, or the stored copy no longer encodes: write
    }
    return sameCanonicalForm(value, stored, now.length, classLoader) ? null : now;
  }

  /** True when both encode to the same canonical bytes (sorting work bounded by the value's size). */
  private boolean sameCanonicalForm(Object value, Object stored, int encodedBytes, ClassLoader classLoader) {
    long workBytes = CANONICAL_WORK_FACTOR * (encodedBytes + 1024L);
    CodecContext context = context(classLoader);
    byte[] mine = codecs.canonical(value, context, workBytes);
    return mine != null && Arrays.equals(mine, codecs.canonical(stored, context, workBytes));
  }

  /**
   * Decodes {@code bytes} with the codec named in their header, resolving classes through {@code
   * classLoader} after the class filter allowed them.
   *
   * @throws SerializationException when the bytes are not a readable value
   */
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    if (bytes == null || bytes.length < HEADER_BYTES) {
      throw new SerializationException("truncated value: " + (bytes == null ? "null" : bytes.length + " bytes")
          + "; a Handoff value has a header of " + HEADER_BYTES + " bytes");
    }
    int marker = bytes[0] & 0xFF;
    if (marker != MARKER) {
      if ((marker & 0xF0) == (MARKER & 0xF0)) {
        throw new SerializationException("value written in format version " + (marker & 0x0F)
            + " by a newer Handoff; this Handoff reads version 1");
      }
      boolean javaStream = marker == 0xAC && (bytes[1] & 0xFF) == 0xED;
      throw new SerializationException(String.format("not a Handoff value: first byte 0x%02X, expected 0x%02X%s",
          marker, MARKER, javaStream ? " (it is a raw Java serialization stream, written by another session manager?)" : ""));
    }
    Codec codec = codecs.byId(bytes[1] & 0xFF);
    int flags = bytes[2] & 0xFF;
    if ((flags & ~FLAG_LZ4) != 0) {
      throw new SerializationException(String.format("unknown header flags 0x%02X: written by a newer Handoff?", flags));
    }
    if (bytes.length - HEADER_BYTES > config.maxAttributeBytes()) {
      throw new SerializationException("value of " + bytes.length + " bytes is above maxAttributeBytes = " + config.maxAttributeBytes());
    }
    CodecContext context = context(classLoader);
    try {
      if ((flags & FLAG_LZ4) == 0) {
        return codec.decode(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, context);
      }
      byte[] payload = Compression.decompress(bytes, HEADER_BYTES, config.maxAttributeBytes());
      return codec.decode(payload, 0, payload.length, context);
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new SerializationException(codec.name() + " could not decode " + bytes.length + " bytes: " + e, e);
    }
  }

  /**
   * True for values that cannot change in place (strings, boxed primitives, enums, java.time
   * values and the like): callers need not check them for changes at the end of a request.
   */
  public static boolean isImmutable(Object value) {
    return ImmutableTypes.isImmutable(value);
  }

  private CodecContext context(ClassLoader classLoader) {
    return new Context(classLoader, config.classFilter(), config.maxDepth(), config.maxObjects(),
        config.maxDecodeTime(), config.maxAttributeBytes());
  }

  private void writeHeader(byte[] out, int flags) {
    out[0] = (byte) MARKER;
    out[1] = (byte) writer.id();
    out[2] = (byte) flags;
  }

  private static void writeInt(byte[] out, int at, int value) {
    out[at] = (byte) (value >>> 24);
    out[at + 1] = (byte) (value >>> 16);
    out[at + 2] = (byte) (value >>> 8);
    out[at + 3] = (byte) value;
  }

  private static String className(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  private record Context(ClassLoader classLoader, ClassFilter classFilter, int maxDepth, int maxObjects,
      java.time.Duration maxDecodeTime, int maxAttributeBytes)
      implements CodecContext {
  }
}
