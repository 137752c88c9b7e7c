package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.handoff.serialization.ClassFilter;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Kryo that writes the elements of hash-ordered JDK collections (HashMap, HashSet,
 * ConcurrentHashMap, Hashtable, ...) sorted by their own encoding, so that two graphs with the same
 * content give the same bytes in any JVM, whatever the identity hash codes. Only for comparing: the
 * bytes are never stored nor read back. Sorting encodes every element a second time, on a
 * child instance; {@link Budget} bounds that work, nesting beyond {@link #MAX_NESTING} gives up.
 */
final class CanonicalKryo extends HandoffKryo {

  static final int MAX_NESTING = 8;

  private final int nesting;
  private final Budget budget;
  private CanonicalKryo child;

  CanonicalKryo(ClassLoader loader, ClassFilter filter, int maxDepth) {
    this(loader, filter, maxDepth, 0, new Budget());
  }

  private CanonicalKryo(ClassLoader loader, ClassFilter filter, int maxDepth,
      int nesting, Budget budget) {
    super(loader, filter, maxDepth);
    this.nesting = nesting;
    this.budget = budget;
  }

  /** Encodes {@code value} canonically; at most {@code workBytes} bytes of sort keys are written. */
  byte[] encode(Object value, int maxAttributeBytes, long workBytes) {
    budget.left = workBytes;
    Output output = output(maxAttributeBytes);
    writeClassAndObject(output, value);
    return output.toBytes();
  }

  /** True for JDK collections whose iteration order follows hash codes. */
  static boolean isHashOrdered(Class<?> type) {
    return isJdkClass(type) && (Set.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type))
        && !SortedSet.class.isAssignableFrom(type) && !SortedMap.class.isAssignableFrom(type)
        && !LinkedHashSet.class.isAssignableFrom(type) && !LinkedHashMap.class.isAssignableFrom(type);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Serializer getDefaultSerializer(Class type) {
    if (isHashOrdered(type)) {
      return new SortedSerializer();
    }
    return super.getDefaultSerializer(type);
  }

  /** The standalone encoding of {@code parts}, in a fresh reference scope: the sort key. */
  private byte[] sortKey(Object... parts) {
    if (nesting + 1 >= MAX_NESTING) {
      throw new KryoException("hash-ordered collections nested deeper than " + MAX_NESTING);
    }
    if (child == null) {
      child = new CanonicalKryo(getClassLoader(), classFilter(), getMaxDepthSetting(), nesting + 1, budget);
    }
    try {
      Output output = child.output(Integer.MAX_VALUE);
      for (Object part : parts) {
        child.writeClassAndObject(output, part);
      }
      budget.spend(output.position());
      return output.toBytes();
    } finally {
      child.reset();
    }
  }

  /** Writes the size, then the elements (or keys and values) in the order of their sort keys. */
  @SuppressWarnings("rawtypes")
  private static final class SortedSerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object object) {
      CanonicalKryo canonical = (CanonicalKryo) kryo;
      Object[][] parts = object instanceof Map<?, ?> map
          ? map.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toArray(Object[][]::new)
          : ((Collection<?>) object).stream().map(e -> new Object[] {e}).toArray(Object[][]::new);
      byte[][] keys = new byte[parts.length][];
      Integer[] order = new Integer[parts.length];
      for (int i = 0; i < parts.length; i++) {
        keys[i] = canonical.sortKey(parts[i]);
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Arrays.compare(keys[a], keys[b]));
      output.writeVarInt(parts.length, true);
      for (int i : order) {
        for (Object part : parts[i]) {
          kryo.writeClassAndObject(output, part);
        }
      }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class type) {
      throw new KryoException("canonical bytes are for comparing only");
    }
  }

  /** Sort-key bytes left for one canonical encoding, shared by the nested instances. */
  private static final class Budget {
    long left;

    void spend(long bytes) {
      left -= bytes;
      if (left < 0) {
        throw new KryoException("sorting hash-ordered collections took more than the comparison budget");
      }
    }
  }
}
