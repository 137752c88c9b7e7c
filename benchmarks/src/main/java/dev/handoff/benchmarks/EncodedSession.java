package dev.handoff.benchmarks;

import dev.handoff.serialization.AttributeSerializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A session encoded the way Handoff stores it, one attribute at a time, with the size of each
 * attribute; every attribute is decoded again and compared with the original, so that a codec
 * which loses data cannot win the benchmark.
 */
final class EncodedSession {

  /** Bit 0 of header byte 2: the payload is LZ4-compressed. */
  private static final int FLAG_LZ4 = 1;

  private final Map<String, Integer> bytesByAttribute;
  private final Map<String, Integer> uncompressedBytesByAttribute;

  private EncodedSession(Map<String, Integer> bytesByAttribute,
      Map<String, Integer> uncompressedBytesByAttribute) {
    this.bytesByAttribute = Collections.unmodifiableMap(bytesByAttribute);
    this.uncompressedBytesByAttribute = Collections.unmodifiableMap(uncompressedBytesByAttribute);
  }

  /**
   * Encodes and decodes every attribute with {@code serializer}.
   *
   * @throws IllegalStateException naming the attribute and codec when encoding or decoding fails
   *     or the decoded value is not equal to the original
   */
  static EncodedSession of(String codec, AttributeSerializer serializer, Map<String, Object> attributes,
      ClassLoader classLoader) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    Map<String, Integer> uncompressed = new LinkedHashMap<>();
    for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
      String name = attribute.getKey();
      Object value = attribute.getValue();
      byte[] bytes;
      Object back;
      try {
        bytes = serializer.encode(value, classLoader);
        back = serializer.decode(bytes, classLoader);
      } catch (RuntimeException e) {
        throw new IllegalStateException("codec " + codec + ", attribute '" + name + "' ("
            + value.getClass().getName() + "): " + e, e);
      }
      if (!Objects.equals(value, back)) {
        throw new IllegalStateException("codec " + codec + ", attribute '" + name
            + "': decoded value differs from the original: " + value + " became " + back);
      }
      sizes.put(name, bytes.length);
      if ((bytes[2] & FLAG_LZ4) != 0) {
        uncompressed.put(name, readDecodedLength(bytes));
      }
    }
    return new EncodedSession(sizes, uncompressed);
  }

  /** Encoded bytes of each attribute, header included, in session order. */
  Map<String, Integer> bytesByAttribute() {
    return bytesByAttribute;
  }

  /** Sum of the attributes' bytes: what the session occupies in Redis, keys aside. */
  int totalBytes() {
    return bytesByAttribute.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Attributes stored compressed, each as "name (payload bytes before -> stored bytes)". */
  List<String> compressedAttributes() {
    List<String> compressed = new ArrayList<>();
    uncompressedBytesByAttribute.forEach((name, before) ->
        compressed.add(name + " (" + before + " -> " + bytesByAttribute.get(name) + " bytes)"));
    return compressed;
  }

  /** The 4-byte big-endian decoded payload length that follows the header of a compressed value. */
  private static int readDecodedLength(byte[] bytes) {
    return ((bytes[3] & 0xFF) << 24) | ((bytes[4] & 0xFF) << 16) | ((bytes[5] & 0xFF) << 8)
        | (bytes[6] & 0xFF);
  }
}
