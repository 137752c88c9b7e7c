package dev.handoff.serialization.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * Java serialization with the elements of hash-ordered JDK collections sorted by their own
 * serialized form (and without the capacity HashMap and HashSet record), so that equal content
 * gives equal bytes in any JVM. For comparing only: the bytes are never stored nor read back.
 */
final class CanonicalJdk {

  private CanonicalJdk() {
  }

  /** The canonical bytes of {@code value}, or null when they cannot be had within {@code workBytes}. */
  static byte[] encode(Object value, long workBytes) {
    try {
      return serialize(value, 0, new long[] {workBytes});
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return null; // not comparable: the caller counts the value as changed
    }
  }

  private static byte[] serialize(Object value, int nesting, long[] budget) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new Sorting(buffer, nesting, budget)) {
      out.writeObject(value);
    }
    budget[0] -= buffer.size();
    if (budget[0] < 0) {
      throw new IOException("sorting hash-ordered collections took more than the comparison budget");
    }
    return buffer.toByteArray();
  }

  /** What a hash-ordered collection is written as: its class and its sorted elements or entries. */
  private record Sorted(String type, Object[] contents) implements Serializable {
  }

  private static final class Sorting extends ObjectOutputStream {
    private final int nesting;
    private final long[] budget;

    Sorting(ByteArrayOutputStream out, int nesting, long[] budget) throws IOException {
      super(out);
      this.nesting = nesting;
      this.budget = budget;
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      if (obj == null || !CanonicalKryo.isHashOrdered(obj.getClass())) {
        return obj;
      }
      if (nesting + 1 >= CanonicalKryo.MAX_NESTING) {
        throw new IOException("hash-ordered collections nested deeper than " + CanonicalKryo.MAX_NESTING);
      }
      Object[][] parts = obj instanceof Map<?, ?> map
          ? map.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toArray(Object[][]::new)
          : ((Collection<?>) obj).stream().map(e -> new Object[] {e}).toArray(Object[][]::new);
      byte[][] keys = new byte[parts.length][];
      Integer[] order = new Integer[parts.length];
      for (int i = 0; i < parts.length; i++) {
        keys[i] = serialize(parts[i], nesting + 1, budget);
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Arrays.compare(keys[a], keys[b]));
      Object[] contents = new Object[parts.length];
      for (int i = 0; i < order.length; i++) {
        contents[i] = parts[order[i]];
      }
      return new Sorted(obj.getClass().getName(), contents);
    }
  }
}
