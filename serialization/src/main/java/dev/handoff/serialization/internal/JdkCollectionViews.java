package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The JDK's private collection classes (unmodifiable and synchronized wrappers, List.of and its
 * kin, Arrays.asList, sub-lists, key sets...), which Kryo cannot build by reflection on Java 17:
 * each is written as a plain copy (ArrayList, LinkedHashSet, TreeSet, LinkedHashMap, TreeMap,
 * comparators kept) and read back wrapped the same way. A view (a sub-list, a key set) comes
 * back as a detached copy.
 */
final class JdkCollectionViews {

  private static final Map<Class<?>, Serializer<?>> WRAPPERS = new HashMap<>();

  static {
    wrapper(Collections.unmodifiableCollection(new ArrayList<>()), JdkCollectionViews::listCopy, c -> Collections.unmodifiableCollection((Collection<Object>) c));
    wrapper(Collections.unmodifiableList(new ArrayList<>()), JdkCollectionViews::listCopy, c -> Collections.unmodifiableList((List<Object>) c));
    wrapper(Collections.unmodifiableList(new java.util.LinkedList<>()), JdkCollectionViews::listCopy, c -> Collections.unmodifiableList((List<Object>) c));
    wrapper(Collections.unmodifiableSet(new java.util.HashSet<>()), JdkCollectionViews::setCopy, c -> Collections.unmodifiableSet((Set<Object>) c));
    wrapper(Collections.unmodifiableSortedSet(new TreeSet<>()), s -> new TreeSet<>((SortedSet<Object>) s),
        s -> Collections.unmodifiableSortedSet((SortedSet<Object>) s));
    wrapper(Collections.unmodifiableNavigableSet(new TreeSet<>()), s -> new TreeSet<>((SortedSet<Object>) s),
        s -> Collections.unmodifiableNavigableSet((NavigableSet<Object>) s));
    wrapper(Collections.unmodifiableMap(new HashMap<>()), m -> new LinkedHashMap<>((Map<?, ?>) m),
        m -> Collections.unmodifiableMap((Map<?, ?>) m));
    wrapper(Collections.unmodifiableSortedMap(new TreeMap<>()), m -> new TreeMap<>((SortedMap<Object, Object>) m),
        m -> Collections.unmodifiableSortedMap((SortedMap<Object, Object>) m));
    wrapper(Collections.unmodifiableNavigableMap(new TreeMap<>()), m -> new TreeMap<>((SortedMap<Object, Object>) m),
        m -> Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) m));

    wrapper(Collections.synchronizedCollection(new ArrayList<>()), JdkCollectionViews::listCopy, c -> Collections.synchronizedCollection((Collection<Object>) c));
    wrapper(Collections.synchronizedList(new ArrayList<>()), JdkCollectionViews::listCopy, c -> Collections.synchronizedList((List<Object>) c));
    wrapper(Collections.synchronizedList(new java.util.LinkedList<>()), JdkCollectionViews::listCopy, c -> Collections.synchronizedList((List<Object>) c));
    wrapper(Collections.synchronizedSet(new java.util.HashSet<>()), JdkCollectionViews::setCopy, c -> Collections.synchronizedSet((Set<Object>) c));
    wrapper(Collections.synchronizedSortedSet(new TreeSet<>()), s -> new TreeSet<>((SortedSet<Object>) s),
        s -> Collections.synchronizedSortedSet((SortedSet<Object>) s));
    wrapper(Collections.synchronizedNavigableSet(new TreeSet<>()), s -> new TreeSet<>((SortedSet<Object>) s),
        s -> Collections.synchronizedNavigableSet((NavigableSet<Object>) s));
    wrapper(Collections.synchronizedMap(new HashMap<>()), m -> new LinkedHashMap<>((Map<?, ?>) m),
        m -> Collections.synchronizedMap((Map<?, ?>) m));
    wrapper(Collections.synchronizedSortedMap(new TreeMap<>()), m -> new TreeMap<>((SortedMap<Object, Object>) m),
        m -> Collections.synchronizedSortedMap((SortedMap<Object, Object>) m));
    wrapper(Collections.synchronizedNavigableMap(new TreeMap<>()), m -> new TreeMap<>((SortedMap<Object, Object>) m),
        m -> Collections.synchronizedNavigableMap((NavigableMap<Object, Object>) m));

    wrapper(Collections.emptyNavigableSet(), JdkCollectionViews::listCopy, empty -> Collections.emptyNavigableSet());
    wrapper(Collections.emptyNavigableMap(), m -> new LinkedHashMap<>((Map<?, ?>) m), empty -> Collections.emptyNavigableMap());
    for (List<?> list : List.<List<?>>of(List.of(), List.of(1), List.of(1, 2, 3),
        java.util.stream.Stream.of(1, 2, 3).toList())) {
      wrapper(list, JdkCollectionViews::listCopy, JdkCollectionViews::immutableList);
    }
    for (Set<?> set : List.<Set<?>>of(Set.of(), Set.of(1), Set.of(1, 2, 3))) {
      wrapper(set, JdkCollectionViews::listCopy, l -> Set.copyOf((Collection<?>) l));
    }
    for (Map<?, ?> map : List.<Map<?, ?>>of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2))) {
      wrapper(map, m -> new LinkedHashMap<>((Map<?, ?>) m), m -> Map.copyOf((Map<?, ?>) m));
    }
    WRAPPERS.put(Arrays.asList().getClass(), new CopySerializer(c -> ((Collection<?>) c).toArray(),
        a -> Arrays.asList((Object[]) a)));
  }

  private JdkCollectionViews() {
  }

  /**
   * True for a JDK collection or map class this file writes as a copy (sub-lists, key sets and
   * other views are not Serializable, yet are fine to decode: the copy is built by our code).
   */
  static boolean handles(Class<?> type) {
    return HandoffKryo.isJdkClass(type) && (wrapperFor(type) != null
        || ((Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) && copyFor(type) != null));
  }

  /** The serializer for a JDK wrapper class (unmodifiable, synchronized, List.of...), or null. */
  static Serializer<?> wrapperFor(Class<?> type) {
    return WRAPPERS.get(type);
  }

  /**
   * For a JDK collection or map class that Kryo's generic serializers cannot instantiate (not
   * public, or no public no-argument constructor): a serializer that writes a plain copy. Null
   * for classes Kryo can build.
   */
  static Serializer<?> copyFor(Class<?> type) {
    if (hasPublicNoArgConstructor(type)) {
      return null;
    }
    if (SortedSet.class.isAssignableFrom(type)) {
      return new CopySerializer(s -> new TreeSet<>((SortedSet<Object>) s), Function.identity());
    }
    if (Set.class.isAssignableFrom(type)) {
      return new CopySerializer(s -> new LinkedHashSet<>((Set<?>) s), Function.identity());
    }
    if (Collection.class.isAssignableFrom(type)) {
      return new CopySerializer(c -> new ArrayList<>((Collection<?>) c), Function.identity());
    }
    if (SortedMap.class.isAssignableFrom(type)) {
      return new CopySerializer(m -> new TreeMap<>((SortedMap<Object, Object>) m), Function.identity());
    }
    if (Map.class.isAssignableFrom(type)) {
      return new CopySerializer(m -> new LinkedHashMap<>((Map<?, ?>) m), Function.identity());
    }
    return null;
  }

  private static boolean hasPublicNoArgConstructor(Class<?> type) {
    if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
      return false;
    }
    try {
      return java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers());
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Object listCopy(Object collection) {
    return new ArrayList<>((Collection<?>) collection);
  }

  private static Object setCopy(Object set) {
    return new LinkedHashSet<>((Collection<?>) set);
  }

  private static List<Object> immutableList(Object plain) {
    List<?> list = (List<?>) plain;
    // Stream.toList() may hold nulls, which List.copyOf refuses.
    return list.stream().anyMatch(Objects::isNull)
        ? Collections.unmodifiableList(new ArrayList<>(list)) : List.copyOf(list);
  }

  private static void wrapper(Object example, Function<Object, Object> toPlain, Function<Object, Object> wrap) {
    WRAPPERS.put(example.getClass(), new CopySerializer(toPlain, wrap));
  }

  /** Writes {@code toPlain(object)} with its own class, reads it back through {@code fromPlain}. */
  private static final class CopySerializer extends Serializer<Object> {
    private final Function<Object, Object> toPlain;
    private final Function<Object, Object> fromPlain;

    CopySerializer(Function<Object, Object> toPlain, Function<Object, Object> fromPlain) {
      this.toPlain = toPlain;
      this.fromPlain = fromPlain;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
      Object plain;
      synchronized (object) { // the mutex of the synchronized wrappers; harmless for the others
        plain = toPlain.apply(object);
      }
      kryo.writeClassAndObject(output, plain);
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
      return fromPlain.apply(kryo.readClassAndObject(input));
    }
  }
}
