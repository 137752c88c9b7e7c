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
 */
final class DecodeWork {

  static final long WORK_PER_BYTE = 64;
  static final long BASE_WORK = 100_000;

  private final Map<Object, Long> weights = new IdentityHashMap<>();
  private long budget = Long.MAX_VALUE;
  private long spent;

  void begin(int inputBytes) {
    weights.clear();
    spent = 0;
    budget = BASE_WORK + WORK_PER_BYTE * inputBytes;
  }

  /** Charges {@code object}'s weight; records it when it is a collection or map. */
  <T> T counted(T object) {
    if (object == null || budget == Long.MAX_VALUE) {
      return object;
    }
    long weight = weights.getOrDefault(object, 0L);
    if (weight == 0) {
      weight = weigh(object);
    }
    spent += weight;
    if (spent > budget) {
      long limit = budget;
      budget = Long.MAX_VALUE; // the error is on its way; stop counting
      throw new SerializationException("refused: decoding would visit more than " + limit + " objects counted"
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

  /** Done: forget the objects of this decode. */
  void end() {
    weights.clear();
    budget = Long.MAX_VALUE;
  }
}
