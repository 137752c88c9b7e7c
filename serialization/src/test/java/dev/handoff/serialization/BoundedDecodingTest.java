package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Forged lengths (2^31 elements in a few bytes) and forged depths fail with a clear exception
 * before anything large is allocated.
 */
class BoundedDecodingTest {

  private static final ClassLoader LOADER = BoundedDecodingTest.class.getClassLoader();
  private static final long ALLOCATION_LIMIT = 4L * 1024 * 1024;
  private static final byte[] HUGE_VARINT = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};

  @Test
  void kryo_forgedArrayLengths_areRefusedWithoutAllocating() {
    AttributeSerializer kryo = Codecs.kryo();
    kryo.decode(kryo.encode(List.of(1), LOADER), LOADER); // warm the pools outside the measurement
    // Each value ends with its length + 1 (11) and ten one-byte elements; forge the length.
    for (Object value : List.of(new byte[10], new long[10], new int[10], new char[10], new boolean[10],
        new double[10], new String[10], new Object[10], new Integer[10])) {
      byte[] bytes = kryo.encode(value, LOADER);
      int at = lastIndexOf(bytes, (byte) 11);
      byte[] forged = splice(bytes, at, 1, HUGE_VARINT);
      assertRefusedCheaply(kryo, forged, value.getClass().getSimpleName());
    }
  }

  @Test
  void kryo_forgedStringLength_isRefusedWithoutAllocating() {
    AttributeSerializer kryo = Codecs.kryo();
    byte[] bytes = kryo.encode("éééééééééé", LOADER);
    int at = lastIndexOf(bytes, (byte) (0x80 | 11));
    byte[] forged = splice(bytes, at, 1, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
    assertRefusedCheaply(kryo, forged, "UTF-8 string");
  }

  @Test
  void kryo_forgedCollectionAndMapSizes_areRefusedWithoutAllocating() {
    AttributeSerializer kryo = Codecs.kryo();
    List<Supplier<Object>> values = List.of(
        () -> new ArrayList<>(Arrays.asList(new Object[10])),
        () -> new java.util.HashMap<>(java.util.Map.of(1, 1)),
        () -> new java.util.PriorityQueue<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
    for (Supplier<Object> value : values) {
      byte[] bytes = kryo.encode(value.get(), LOADER);
      int refused = 0;
      // Forge each position in turn: wherever the size sits, a huge one must be refused cheaply.
      for (int at = 3; at < bytes.length; at++) {
        byte[] forged = splice(bytes, at, 1, HUGE_VARINT);
        long allocated = Allocations.during(() -> {
          try {
            kryo.decode(forged, LOADER);
          } catch (SerializationException expected) {
            // the point of the test
          }
        });
        assertTrue(allocated < ALLOCATION_LIMIT, value.get().getClass() + " forged at " + at
            + " allocated " + allocated + " bytes");
        refused++;
      }
      assertTrue(refused > 0);
    }
  }

  @Test
  void jdk_forgedArrayLength_isRefusedWithoutAllocating() {
    AttributeSerializer jdk = Codecs.jdk();
    byte[] bytes = jdk.encode(new byte[10], LOADER);
    int at = indexOf(bytes, new byte[] {0, 0, 0, 10});
    byte[] forged = splice(bytes, at, 4, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    assertRefusedCheaply(jdk, forged, "JDK byte[]");
  }

  @Test
  void deepGraph_isRefusedBeyondMaxDepth_byEveryCodec() {
    Object deep = null;
    for (int i = 0; i < 700; i++) {
      deep = new Object[] {deep};
    }
    for (String name : new String[] {"kryo", "jdk"}) {
      AttributeSerializer writer = AttributeSerializer.create(SerializationConfig.builder()
          .serializer(name).maxDepth(10_000).build());
      byte[] bytes = writer.encode(deep, LOADER);
      AttributeSerializer reader = AttributeSerializer.create(SerializationConfig.builder().serializer(name).build());
      SerializationException e = assertThrows(SerializationException.class, () -> reader.decode(bytes, LOADER));
      assertTrue(e.getMessage().toLowerCase().contains("depth") || e.getMessage().contains("REJECTED")
          || e.getMessage().contains("limit"), name + ": " + e.getMessage());
    }
  }

  @Test
  void moreObjectsThanMaxObjects_areRefused_byEveryCodec() {
    java.util.ArrayList<Object> many = new java.util.ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      many.add(new java.util.Date(i));
    }
    for (String name : new String[] {"kryo", "jdk"}) {
      byte[] bytes = AttributeSerializer.create(SerializationConfig.builder().serializer(name).build()).encode(many, LOADER);
      AttributeSerializer strict = AttributeSerializer.create(SerializationConfig.builder().serializer(name)
          .maxObjects(1_000).build());
      SerializationException e = assertThrows(SerializationException.class, () -> strict.decode(bytes, LOADER), name);
      assertTrue(e.getMessage().contains("maxObjects"), name + ": " + e.getMessage());
      AttributeSerializer roomy = AttributeSerializer.create(SerializationConfig.builder().serializer(name)
          .maxObjects(10_000).build());
      assertEquals(many, roomy.decode(bytes, LOADER), name + " within maxObjects");
    }
  }

  @Test
  void valueAboveMaxAttributeBytes_isRefusedOnEncode_andOnDecode() {
    AttributeSerializer small = AttributeSerializer.create(SerializationConfig.builder().maxAttributeBytes(1024)
        .compression(false).build());
    SerializationException encode = assertThrows(SerializationException.class, () -> small.encode(new byte[5000], LOADER));
    assertTrue(encode.getMessage().contains("larger than maxAttributeBytes = 1024")
        || encode.getMessage().contains("above maxAttributeBytes = 1024"), encode.getMessage());
    byte[] big = Codecs.kryo().encode(new byte[5000], LOADER);
    SerializationException decode = assertThrows(SerializationException.class, () -> small.decode(big, LOADER));
    assertTrue(decode.getMessage().contains("above maxAttributeBytes = 1024"), decode.getMessage());
  }

  private static void assertRefusedCheaply(AttributeSerializer codec, byte[] forged, String what) {
    long allocated = Allocations.during(() -> {
      SerializationException e = assertThrows(SerializationException.class, () -> codec.decode(forged, LOADER), what);
      assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    });
    assertTrue(allocated < ALLOCATION_LIMIT, what + ": decoding forged bytes allocated " + allocated + " bytes");
  }

  static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
    byte[] out = new byte[bytes.length - remove + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
    return out;
  }

  private static int lastIndexOf(byte[] bytes, byte b) {
    for (int i = bytes.length - 1; i >= 3; i--) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new AssertionError("byte " + b + " not found in " + Arrays.toString(bytes));
  }

  private static int indexOf(byte[] bytes, byte[] pattern) {
    outer:
    for (int i = 0; i <= bytes.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }
}
