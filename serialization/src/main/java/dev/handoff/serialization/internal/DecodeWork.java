package dev.handoff.serialization.internal;

import dev.handoff.serialization.SerializationException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The work one Kryo decode may do, bounded by its input's size. Rebuilding a HashSet or HashMap
 * calls {@code hashCode} of each element, which visits the element's whole content, and
 * references let a few bytes stand for an exponential content: a set of two sets, each of the two
 * sets below, 100 levels deep, is 826 bytes and 2^100 hash steps. So each collection and map read
 * gets a weight, its elements' weights plus one (what its {@code hashCode} visits), and every
 * object handed to its container is charged its weight before the container takes it. When the
 * charges pass {@value #WORK_PER_BYTE} per input byte (plus {@value #BASE_WORK}), the decode is
 * refused; legal values, whose nesting is far below that factor, never come near it.
 *
 * <p>A decode is also refused when it reads more than {@code maxObjects} objects (a byte of input
 * can stand for an object of many fields: the heap a value takes is bounded by its objects, not
 * its bytes), or runs longer than {@code maxDecodeTime} (looked at every {@value #CLOCK_EVERY}
 * objects).
 */
final class DecodeWork {

  static final long WORK_PER_BYTE = 64;
  static final long BASE_WORK = 100_000;

  static final int CLOCK_EVERY = 1024;

  private final Map<Object, Long> weights = new IdentityHashMap<>();
  private long budget = Long.MAX_VALUE;
  private long spent;
  private long objects;
  private long maxObjects;
  private long deadline;
  private long maxNanos;

  void begin(int inputBytes, int maxObjects, java.time.Duration maxTime) {
    weights.clear();
    spent = 0;
    objects = 0;
    this.maxObjects = maxObjects;
    maxNanos = maxTime.toNanos();
    deadline = System.nanoTime() + maxNanos;
    budget = BASE_WORK + WORK_PER_BYTE * inputBytes;
  }

  /** Charges {@code object}'s weight; records it when it is a collection or map. */
  <T> T counted(T object) {
    if (object == null || budget == Long.MAX_VALUE) {
      return object;
    }
    if (++objects > maxObjects) {
      refuse("refused: the value holds more than " + maxObjects + " objects (maxObjects)");
    }
    if (objects % CLOCK_EVERY == 0 && System.nanoTime() - deadline > 0) {
      refuse("refused: decoding ran longer than " + maxNanos / 1_000_000 + "ms (maxDecodeTime) after "
          + objects + " objects");
    }
    long weight = 1;
    if (object instanceof Collection<?> || object instanceof Map<?, ?>) {
      weight = weights.getOrDefault(object, 0L);
      if (weight == 0) {
        weight = weigh(object);
      }
    }
    spent += weight;
    if (spent > budget) {
      refuse("refused: decoding would visit more than " + budget + " objects counted"
          + " with repeats (" + WORK_PER_BYTE + " per input byte): nested collections that share their elements,"
          + " as a hash-collision or nested-set bomb does");
    }
    return object;
  }

  private long weigh(Object object) {
    long weight = 1;
    if (object instanceof Collection<?> elements) {
      for (Object element : elements) {
        weight += element == null ? 1 : weights.getOrDefault(element, 1L);
      }
    } else if (object instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        weight += (entry.getKey() == null ? 1 : weights.getOrDefault(entry.getKey(), 1L))
            + (entry.getValue() == null ? 1 : weights.getOrDefault(entry.getValue(), 1L));
      }
    } else {
      return 1;
    }
    weights.put(object, weight);
    return weight;
  }

  long objectsLeft() {
    return budget == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, maxObjects - objects);
  }

  long deadline() {
    return budget == Long.MAX_VALUE ? System.nanoTime() + Long.MAX_VALUE / 2 : deadline;
  }

  private void refuse(String message) {
    budget = Long.MAX_VALUE; // the error is on its way; stop counting
    throw new SerializationException(message);
  }

  /** Done: forget the objects of this decode. */
  void end() {
    weights.clear();
    budget = Long.MAX_VALUE;
  }
}
