package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.serialization.fixtures.Fixtures;
import dev.handoff.serialization.fixtures.Fixtures.ByLength;
import dev.handoff.serialization.fixtures.Fixtures.Color;
import dev.handoff.serialization.fixtures.Fixtures.Item;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type real sessions hold comes back equal, with its class and its behaviour. */
class RoundTripTest {

  private static final ClassLoader LOADER = RoundTripTest.class.getClassLoader();

  static Stream<Arguments> values() throws Exception {
    TreeMap<String, Integer> byLength = new TreeMap<>(new ByLength());
    byLength.put("ccc", 3);
    byLength.put("a", 1);
    TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.putAll(Map.of("a", 1, "b", 2));
    TreeSet<String> caseInsensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.addAll(List.of("b", "A", "c"));
    EnumMap<Color, String> enumMap = new EnumMap<>(Color.class);
    enumMap.put(Color.GREEN, "g");
    List<Object> values = List.of(
        "text", "ünïcödé ✓", 42, 42L, 3.5d, 'c', true, (byte) 7, (short) 9, 1.5f,
        new ArrayList<>(List.of(1, 2, 3)), new LinkedList<>(List.of("a", "b")),
        new HashMap<>(Map.of("k", "v")), new LinkedHashMap<>(Map.of("k", 1)),
        new ConcurrentHashMap<>(Map.of("k", 2)), new ArrayDeque<>(List.of(1, 2)),
        Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
        Collections.unmodifiableList(new LinkedList<>(List.of(1, 2))),
        Collections.unmodifiableSet(new java.util.HashSet<>(Set.of("x"))),
        Collections.unmodifiableMap(new HashMap<>(Map.of("k", "v"))),
        Collections.unmodifiableCollection(new ArrayList<>(List.of("c"))),
        Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("b", 2, "a", 1))),
        Collections.unmodifiableNavigableSet(new TreeSet<>(Set.of(3, 1, 2))),
        Collections.synchronizedList(new ArrayList<>(List.of("s"))),
        Collections.synchronizedMap(new HashMap<>(Map.of("s", 1))),
        Collections.synchronizedSet(new java.util.HashSet<>(Set.of(1))),
        Collections.emptyList(), Collections.emptyMap(), Collections.emptySet(),
        Collections.emptySortedSet(), Collections.emptyNavigableMap(),
        Collections.singletonList("one"), Collections.singletonMap("k", "v"), Collections.singleton(1),
        Arrays.asList("x", "y"), List.of(), List.of(1), List.of(1, 2, 3), Set.of("a", "b"),
        Map.of(), Map.of("a", 1), Map.of("a", 1, "b", 2), Stream.of("p", "q").toList(),
        enumMap, EnumSet.of(Color.RED, Color.BLUE), EnumSet.noneOf(Color.class),
        byLength, reversed, caseInsensitive,
        Instant.parse("2026-11-28T10:15:30.123456789Z"), LocalDate.of(2026, 11, 28),
        LocalDateTime.of(2026, 11, 28, 10, 15), LocalTime.NOON, ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 6,
            ZoneId.of("Europe/Paris")), OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(2)),
        Duration.ofMillis(1500), Period.ofDays(3), YearMonth.of(2026, 11), ZoneId.of("America/New_York"),
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        new BigDecimal("12345.6789"), new BigInteger("123456789012345678901234567890"),
        URI.create("https://shop.example/cart?x=1"), new URL("https://shop.example/"),
        Locale.CANADA_FRENCH, Locale.forLanguageTag("sr-Latn-RS"),
        Color.GREEN, Fixtures.Op.TIMES,
        new Fixtures.Money(1999, "EUR"), new Item("book", 2));
    return values.stream().map(v -> Arguments.of(v.getClass().getName(), v));
  }

  static Stream<Arguments> kryoOnlyValues() {
    return Stream.of(
        Arguments.of("Optional", Optional.of("x")), Arguments.of("Optional.empty", Optional.empty()),
        Arguments.of("OptionalInt", OptionalInt.of(3)),
        Arguments.of("record", new Fixtures.Point(1, 2, "p")),
        // Sub-lists are views, not Serializable: Kryo writes them as a list of their own.
        Arguments.of("ArrayList.subList", new ArrayList<>(List.of(1, 2, 3, 4)).subList(1, 3)),
        Arguments.of("LinkedList.subList", new LinkedList<>(List.of(1, 2, 3)).subList(0, 2)),
        Arguments.of("List.of.subList", List.of(1, 2, 3).subList(1, 2)),
        Arguments.of("HashMap.keySet", new HashMap<>(Map.of("a", 1, "b", 2)).keySet()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void everyCodec_roundTripsEqualValueOfTheSameClass(String name, Object value) {
    for (AttributeSerializer codec : Codecs.all()) {
      Object back = codec.decode(codec.encode(value, LOADER), LOADER);
      assertEqualContent(value, back, codec.codecName() + ": " + name);
      assertEquals(classFamily(value.getClass()), classFamily(back.getClass()), codec.codecName() + ": class of " + name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kryoOnlyValues")
  void kryo_roundTripsTypesJdkSerializationCannot(String name, Object value) {
    for (AttributeSerializer codec : List.of(Codecs.kryo(), Codecs.kryoCompressed())) {
      assertEqualContent(value, codec.decode(codec.encode(value, LOADER), LOADER), name);
    }
  }

  @Test
  void wrappers_keepTheirBehaviour() {
    for (AttributeSerializer codec : Codecs.all()) {
      List<?> unmodifiable = roundTrip(codec, Collections.unmodifiableList(new ArrayList<>(List.of(1))));
      assertThrows(UnsupportedOperationException.class, () -> unmodifiable.remove(0));
      List<Object> immutable = roundTrip(codec, List.of(1, 2));
      assertThrows(UnsupportedOperationException.class, () -> immutable.add(3));
      TreeMap<String, Integer> sorted = new TreeMap<>(new ByLength());
      sorted.put("bb", 2);
      sorted.put("a", 1);
      TreeMap<String, Integer> back = roundTrip(codec, sorted);
      back.put("ccc", 3);
      assertEquals(List.of("a", "bb", "ccc"), new ArrayList<>(back.keySet()), "the comparator came back");
      EnumSet<Color> colors = roundTrip(codec, EnumSet.of(Color.RED));
      colors.add(Color.BLUE);
      assertEquals(EnumSet.of(Color.RED, Color.BLUE), colors);
      assertEquals(12, ((Fixtures.Op) roundTrip(codec, Fixtures.Op.TIMES)).apply(3, 4));
    }
  }

  @Test
  void arrays_roundTrip() {
    for (AttributeSerializer codec : Codecs.all()) {
      assertArrayEquals(new int[] {1, 2, 3}, roundTrip(codec, new int[] {1, 2, 3}));
      assertArrayEquals(new byte[] {1, -2}, roundTrip(codec, new byte[] {1, -2}));
      assertArrayEquals(new String[] {"a", null, "c"}, roundTrip(codec, new String[] {"a", null, "c"}));
      assertArrayEquals(new boolean[] {true, false}, roundTrip(codec, new boolean[] {true, false}));
      Object[][] nested = {{1, "x"}, {new Item("i", 1)}};
      assertTrue(Arrays.deepEquals(nested, roundTrip(codec, nested)));
      Item[] items = roundTrip(codec, new Item[] {new Item("a", 1), null});
      assertEquals(Item[].class, items.getClass());
    }
  }

  @Test
  void cyclicGraph_keepsIdentityAndCycles() {
    for (AttributeSerializer codec : Codecs.all()) {
      Fixtures.Node a = new Fixtures.Node("a");
      Fixtures.Node b = new Fixtures.Node("b");
      a.next = b;
      b.next = a;
      a.children.add(b);
      a.children.add(a);
      Fixtures.Node back = roundTrip(codec, a);
      assertSame(back, back.next.next, codec.codecName());
      assertSame(back.next, back.children.get(0));
      assertSame(back, back.children.get(1));
      List<Item> shared = new ArrayList<>();
      Item item = new Item("same", 1);
      shared.add(item);
      shared.add(item);
      List<Item> sharedBack = roundTrip(codec, shared);
      assertSame(sharedBack.get(0), sharedBack.get(1), "one object referenced twice stays one object");
    }
  }

  @Test
  void serializationHooks_keepTheirSemantics() {
    for (AttributeSerializer codec : Codecs.all()) {
      Fixtures.Custom custom = roundTrip(codec, new Fixtures.Custom("hello"));
      assertEquals("hello", custom.text);
      assertEquals(5, custom.length, "restored by readObject");
      assertTrue(custom.readByReadObject, codec.codecName() + ": readObject ran");
      assertSame(Fixtures.Singleton.INSTANCE, roundTrip(codec, Fixtures.Singleton.INSTANCE), "readResolve ran");
      Fixtures.Replaced replaced = roundTrip(codec, new Fixtures.Replaced("v", false));
      assertEquals("v", replaced.value);
      assertTrue(replaced.rebuilt, "writeReplace and the proxy's readResolve ran");
    }
  }

  @Test
  void nullValue_roundTrips() {
    for (AttributeSerializer codec : Codecs.all()) {
      assertEquals(null, codec.decode(codec.encode(null, LOADER), LOADER));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(AttributeSerializer codec, Object value) {
    return (T) codec.decode(codec.encode(value, LOADER), LOADER);
  }

  /** Equal, or for collections whose equals is identity (ArrayDeque, unmodifiableCollection), same elements. */
  private static void assertEqualContent(Object expected, Object actual, String message) {
    if (expected instanceof java.util.Collection<?> c && !(expected instanceof List) && !(expected instanceof Set)) {
      assertEquals(new ArrayList<>(c), new ArrayList<>((java.util.Collection<?>) actual), message);
    } else if (expected instanceof Set<?> s && !(actual instanceof Set)) {
      assertEquals(s, Set.copyOf((java.util.Collection<?>) actual), message);
    } else {
      assertEquals(expected, actual, message);
    }
  }

  /**
   * The class, except where the JDK picks among equivalent private classes by size or by the
   * backing list (List.of gives List12 or ListN; unmodifiableList gives a RandomAccess variant).
   */
  private static String classFamily(Class<?> type) {
    String name = type.getName();
    if (name.startsWith("java.util.ImmutableCollections$")) {
      return "immutable " + (List.class.isAssignableFrom(type) ? "list" : Set.class.isAssignableFrom(type) ? "set" : "map");
    }
    return name.replace("RandomAccessList", "List");
  }
}
