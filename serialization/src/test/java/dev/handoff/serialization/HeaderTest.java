package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three-byte header: codec switches and format upgrades never strand stored values. */
class HeaderTest {

  private static final ClassLoader LOADER = HeaderTest.class.getClassLoader();

  @Test
  void encode_writesMarkerCodecIdAndFlags() {
    byte[] kryo = Codecs.kryo().encode("x", LOADER);
    assertEquals(0xB1, kryo[0] & 0xFF);
    assertEquals(2, kryo[1]);
    assertEquals(0, kryo[2]);
    byte[] jdk = Codecs.jdk().encode("x", LOADER);
    assertEquals(1, jdk[1]);
  }

  @Test
  void kryoBytes_decodeUnderEitherCodec_jdkBytesOnlyWhenJdkIsConfigured() {
    List<String> value = new ArrayList<>(List.of("a", "b"));
    byte[] byJdk = Codecs.jdk().encode(value, LOADER);
    byte[] byKryo = Codecs.kryo().encode(value, LOADER);
    assertEquals(value, Codecs.jdk().decode(byKryo, LOADER), "Kryo bytes after switching to JDK");
    assertEquals(value, Codecs.jdk().decode(byJdk, LOADER));
    SerializationException refused = org.junit.jupiter.api.Assertions.assertThrows(SerializationException.class,
        () -> Codecs.kryo().decode(byJdk, LOADER));
    org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("serializer = kryo"), refused.getMessage());
  }

  @Test
  void largeValue_isCompressedAndFlagged_smallValueIsNot() {
    AttributeSerializer codec = Codecs.kryoCompressed();
    String large = String.join("", Collections.nCopies(500, "repetitive text "));
    byte[] bytes = codec.encode(large, LOADER);
    assertEquals(1, bytes[2], "the LZ4 flag");
    assertTrue(bytes.length < large.length() / 5, "compressed to " + bytes.length + " bytes");
    assertEquals(large, codec.decode(bytes, LOADER));
    assertEquals(large, Codecs.kryo().decode(bytes, LOADER), "a serializer with compression off reads it too");
    assertEquals(0, codec.encode("short", LOADER)[2]);
  }

  @Test
  void incompressibleLargeValue_isStoredUncompressed() {
    byte[] random = new byte[4000];
    new java.util.Random(1).nextBytes(random);
    byte[] bytes = Codecs.kryoCompressed().encode(random, LOADER);
    assertEquals(0, bytes[2], "LZ4 would not have saved anything");
  }

  @Test
  void userCodec_isPluggedByClassName_andItsValuesNeedItToDecode() {
    AttributeSerializer reversed = AttributeSerializer.create(SerializationConfig.builder()
        .serializer(ReversedStringCodec.class.getName()).build());
    byte[] bytes = reversed.encode("hello", LOADER);
    assertEquals(77, bytes[1]);
    assertEquals("olleh", new String(bytes, 3, 5, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("hello", reversed.decode(bytes, LOADER));
    assertEquals("x", reversed.decode(Codecs.kryo().encode("x", LOADER), LOADER), "built-ins stay readable");
    SerializationException e = assertThrows(SerializationException.class, () -> Codecs.kryo().decode(bytes, LOADER));
    assertTrue(e.getMessage().contains("codec id 77, which is not configured here"), e.getMessage());
  }

  @Test
  void badHeaders_failWithWhatIsWrong() {
    AttributeSerializer codec = Codecs.kryo();
    assertMessage(codec, null, "truncated value: null");
    assertMessage(codec, new byte[] {(byte) 0xB1, 2}, "truncated value: 2 bytes");
    assertMessage(codec, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}, "first byte 0xAC, expected 0xB1 (it is a raw Java serialization stream");
    assertMessage(codec, new byte[] {(byte) 0xB2, 2, 0, 1}, "format version 2 by a newer Handoff");
    assertMessage(codec, new byte[] {(byte) 0xB1, 9, 0, 1}, "codec id 9");
    assertMessage(codec, new byte[] {(byte) 0xB1, 2, 4, 1}, "unknown header flags 0x04");
    assertMessage(codec, new byte[] {(byte) 0xB1, 2, 1, 0, 0}, "no decoded length follows");
    assertMessage(codec, new byte[] {(byte) 0xB1, 2, 1, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1},
        "claims 2147483647 decoded bytes, above maxAttributeBytes");
    assertMessage(codec, new byte[] {(byte) 0xB1, 2, 1, 0, 0, 0, 10, 1, 2, 3}, "corrupt LZ4 payload");
    assertMessage(codec, new byte[] {(byte) 0xB1, 2, 1, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, 1, 2, 3},
        "3 compressed bytes cannot hold 8388607 decoded bytes");
    byte[] good = codec.encode("abc", LOADER);
    byte[] extra = java.util.Arrays.copyOf(good, good.length + 2);
    assertMessage(codec, extra, "2 bytes left over after the value");
  }

  private static void assertMessage(AttributeSerializer codec, byte[] bytes, String expected) {
    SerializationException e = assertThrows(SerializationException.class, () -> codec.decode(bytes, LOADER));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
