package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 at the serializer: bytes an attacker planted decode only into what a session attribute
 * may be. JDK serialization only when the JDK codec is configured; no class that is not
 * Serializable; an allow-list of {@code +} patterns refuses everything else.
 */
class HostileBytesTest {

  private static final String MARK = "handoff.test.hostile.hashed";

  /** The same class name twice: Serializable where the attacker writes, plain where Handoff reads. */
  private static final CompiledClasses WRITER = CompiledClasses.compile(Map.of("shop.Hook", """
      package shop;
      public class Hook implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public String name = "hook";
        @Override public int hashCode() { System.setProperty("handoff.test.hostile.hashed", "yes"); return 1; }
      }
      """));
  private static final CompiledClasses READER = CompiledClasses.compile(Map.of("shop.Hook", """
      package shop;
      public class Hook {
        static { System.setProperty("handoff.test.hostile.initialized", "yes"); }
        public String name = "hook";
        @Override public int hashCode() { System.setProperty("handoff.test.hostile.hashed", "yes"); return 1; }
      }
      """, "shop.Cart", """
      package shop;
      public class Cart implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public java.util.List<String> items = new java.util.ArrayList<>(java.util.List.of("tea"));
      }
      """, "other.Thing", """
      package other;
      public class Thing implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
      }
      """));

  @Test
  void jdkBytes_underSerializerKryo_areRefused_withoutLoadingAClass() {
    CompiledClasses.RecordingClassLoader writer = READER.newLoader();
    byte[] jdkBytes = Codecs.jdk().encode(new ArrayList<>(List.of(writer.newInstance("shop.Cart"))), writer);
    CompiledClasses.RecordingClassLoader victim = READER.newLoader();
    SerializationException e = assertThrows(SerializationException.class, () -> Codecs.kryo().decode(jdkBytes, victim));
    assertTrue(e.getMessage().contains("JDK serialization") && e.getMessage().contains("serializer = kryo"),
        e.getMessage());
    assertFalse(victim.requested.contains("shop.Cart"), "no class was looked up");
    Object decoded = Codecs.jdk().decode(jdkBytes, READER.newLoader());
    assertEquals(1, ((List<?>) decoded).size(), "the JDK codec, configured, reads them");
  }

  @Test
  void kryoBytes_namingAClassThatIsNotSerializable_areRefusedBeforeItIsInstantiatedOrHashed() {
    CompiledClasses.RecordingClassLoader writer = WRITER.newLoader();
    Set<Object> planted = new HashSet<>(Set.of("x", writer.newInstance("shop.Hook")));
    byte[] bytes = Codecs.kryo().encode(planted, writer);
    System.clearProperty(MARK);
    System.clearProperty("handoff.test.hostile.initialized");

    SerializationException e = assertThrows(SerializationException.class,
        () -> Codecs.kryo().decode(bytes, READER.newLoader()));
    assertTrue(e.getMessage().contains("shop.Hook") && e.getMessage().contains("not Serializable"), e.getMessage());
    assertNull(System.getProperty(MARK), "its hashCode never ran");
    assertNull(System.getProperty("handoff.test.hostile.initialized"), "its static initializer never ran");
  }

  /**
   * The nested-set bomb: each level a set of two unequal sets, each holding both sets of the level
   * below, 100 levels. Built top-down (a child is added while it is still small) so that building
   * it here costs nothing; decoding it naively hashes 2^100 times.
   */
  static Set<Object> nestedSetBomb(int levels) {
    List<Set<Object>> a = new ArrayList<>();
    List<Set<Object>> b = new ArrayList<>();
    for (int k = 0; k <= levels; k++) {
      a.add(new HashSet<>(Set.of("a" + k)));
      b.add(new HashSet<>(Set.of("b" + k)));
    }
    for (int k = levels; k >= 1; k--) {
      for (Set<Object> parent : List.of(a.get(k), b.get(k))) {
        parent.add(a.get(k - 1));
        parent.add(b.get(k - 1));
      }
    }
    return a.get(levels);
  }

  @Test
  void nestedSetBomb_isRefusedWithinASecond() {
    byte[] bomb = Codecs.kryo().encode(nestedSetBomb(100), getClass().getClassLoader());
    assertTrue(bomb.length < 4096, "a small value: " + bomb.length + " bytes");
    long start = System.nanoTime();
    SerializationException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(30), () -> assertThrows(SerializationException.class,
            () -> Codecs.kryo().decode(bomb, getClass().getClassLoader())));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("counted with repeats"), e.getMessage());
    System.out.println("nested-set bomb of " + bomb.length + " bytes refused after " + millis + " ms");
    Set<Object> a = new HashSet<>(Set.of("a0"));
    Set<Object> b = new HashSet<>(Set.of("b0"));
    for (int k = 1; k <= 8; k++) { // the same shape built bottom-up, 8 levels: a legal value
      Set<Object> nextA = new HashSet<>(List.of("a" + k, a, b));
      b = new HashSet<>(List.of("b" + k, a, b));
      a = nextA;
    }
    Object decoded = Codecs.kryo().decode(Codecs.kryo().encode(a, getClass().getClassLoader()),
        getClass().getClassLoader());
    assertEquals(a, decoded, "the same shape, 8 levels, decodes");
  }

  /** A class with many fields, and one with none: the most heap a byte of input can ask for. */
  private static final CompiledClasses SMALL_OBJECTS = CompiledClasses.compile(Map.of("shop.Wide", """
      package shop;
      public class Wide implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
      """ + java.util.stream.IntStream.range(0, 64).mapToObj(i -> "  public long f" + i + ";\n")
          .collect(java.util.stream.Collectors.joining()) + "}\n", "shop.Empty", """
      package shop;
      public class Empty implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
      }
      """));

  /**
   * Issue 13, test 5: a field of many small objects (8 MiB of them, the largest value the default
   * maxAttributeBytes admits) is refused within about a second (maxObjects or maxDecodeTime, whichever
   * comes first), having allocated at most 128 bytes per object maxObjects admits. The attacker writes the bytes with Handoff's own serializer.
   */
  @Test
  void manySmallObjects_inTheLargestValue_decodeInBoundedTimeAndHeap() {
    CompiledClasses.RecordingClassLoader loader = SMALL_OBJECTS.newLoader();
    AttributeSerializer kryo = Codecs.kryo();
    int limit = SerializationConfig.defaults().maxAttributeBytes();
    for (String className : List.of("shop.Wide", "shop.Empty")) {
      List<Object> many = new ArrayList<>();
      Object one = loader.newInstance(className);
      int each = kryo.encode(new ArrayList<>(List.of(one, loader.newInstance(className))), loader).length
          - kryo.encode(new ArrayList<>(List.of(one)), loader).length;
      while ((many.size() + 1) * (long) each < limit * 0.9) {
        many.add(loader.newInstance(className));
      }
      byte[] planted = kryo.encode(many, loader);
      long start = System.nanoTime();
      long[] allocated = new long[1];
      String outcome = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
        String[] result = new String[1];
        allocated[0] = Allocations.during(() -> {
          try {
            result[0] = ((List<?>) kryo.decode(planted, loader)).size() + " objects decoded";
          } catch (SerializationException e) {
            result[0] = e.getMessage();
          }
        });
        return result[0];
      });
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("%,d bytes of %s (%d each): %s after %d ms, %,d bytes allocated (%.1fx the input)%n",
          planted.length, className, each, outcome, millis, allocated[0], allocated[0] / (double) planted.length);
      assertTrue(planted.length > limit / 2, "a value near the limit: " + planted.length);
      assertTrue(outcome.contains("(maxObjects)") || outcome.contains("(maxDecodeTime)"), className + ": " + outcome);
      long bound = 128L * SerializationConfig.defaults().maxObjects(); // what maxObjects promises: a small multiple
      assertTrue(allocated[0] < bound, className + ": allocated " + allocated[0] + " for "
          + planted.length + " bytes of input; " + outcome);
    }
    List<Object> legal = new ArrayList<>(); // 10,000 objects of 64 fields: 650,000 values, within maxObjects
    for (int i = 0; i < 10_000; i++) {
      legal.add(loader.newInstance("shop.Wide"));
    }
    assertEquals(10_000, ((List<?>) kryo.decode(kryo.encode(legal, loader), loader)).size());
  }

  @Test
  void encode_ofAClassThatIsNotSerializable_isRefusedWithItsName() {
    CompiledClasses.RecordingClassLoader loader = READER.newLoader();
    Map<String, Object> value = new HashMap<>(Map.of("hook", loader.newInstance("shop.Hook")));
    SerializationException e = assertThrows(SerializationException.class, () -> Codecs.kryo().encode(value, loader));
    assertTrue(e.getMessage().contains("shop.Hook") && e.getMessage().contains("not Serializable"), e.getMessage());
  }

  @Test
  void allowList_ofPlusPatterns_admitsThemAndTheJdkValueTypes_refusesEveryOtherClass() {
    AttributeSerializer shopOnly = AttributeSerializer.create(SerializationConfig.builder().classFilter("+shop.*").build());
    CompiledClasses.RecordingClassLoader loader = READER.newLoader();
    Object cart = loader.newInstance("shop.Cart");
    Map<String, Object> session = new HashMap<>(Map.of("cart", cart, "visits", 3, "tags", new ArrayList<>(List.of("a"))));
    Map<?, ?> back = (Map<?, ?>) shopOnly.decode(Codecs.kryo().encode(session, loader), loader);
    assertEquals(List.of("tea"), CompiledClasses.get(back.get("cart"), "items"));

    byte[] other = Codecs.kryo().encode(loader.newInstance("other.Thing"), loader);
    CompiledClasses.RecordingClassLoader fresh = READER.newLoader();
    SerializationException e = assertThrows(SerializationException.class, () -> shopOnly.decode(other, fresh));
    assertTrue(e.getMessage().contains("other.Thing") && e.getMessage().contains("class filter"), e.getMessage());
    assertFalse(fresh.requested.contains("other.Thing"), "refused by name, before loading");

    ClassFilter filter = ClassFilter.withDefaults("!shop.Secret;+shop.*");
    assertFalse(filter.allows("shop.Secret"), "the first match decides");
    assertTrue(filter.allows("shop.Cart"));
    assertTrue(filter.allows("java.util.ArrayList") && filter.allows("java.lang.String") && filter.allows("java.time.Instant"));
    assertFalse(filter.allows("other.Thing"), "an allow-list refuses what it does not name");
    assertFalse(filter.allows("java.lang.ProcessBuilder"), "the default deny list still applies");
    assertFalse(filter.allows("org.apache.commons.collections.functors.InvokerTransformer"));
  }
}
