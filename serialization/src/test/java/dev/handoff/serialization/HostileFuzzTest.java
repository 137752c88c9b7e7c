package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, test 7: structured hostile payloads, not only random flips. Each case is a random
 * object graph (nested lists, sets and maps sharing their elements, strings, numbers, arrays)
 * encoded by Handoff, then made hostile the way an attacker with the format in hand would: a class
 * name swapped for a gadget's, a JDK class that is not Serializable or a name that does not
 * exist (same length, so the rest still parses); a length or count forged to a huge varint; a
 * back-reference pointed elsewhere; bytes of another case spliced in. Every case must decode or
 * fail with SerializationException: nothing else thrown, no case above a second, no out-of-memory.
 * {@code -Dhandoff.fuzz.inputs=N -Dhandoff.fuzz.seed=S} replays or extends the run.
 */
class HostileFuzzTest {

  private static final int CASES = Integer.getInteger("handoff.fuzz.inputs", 100_000);
  private static final ClassLoader LOADER = HostileFuzzTest.class.getClassLoader();
  private static final List<String> PLANTED = List.of(
      "org.apache.commons.collections.functors.InvokerTransformer", "java.lang.ProcessBuilder",
      "java.lang.Thread", "java.lang.Object", "javax.script.ScriptEngineManager", "java.util.no.SuchClassAtAll",
      "com.sun.rowset.JdbcRowSetImpl", "java.net.URLClassLoader", "java.util.concurrent.ForkJoinPool");

  @Test
  void structuredHostilePayloads_decodeOrFailCleanly_eachWithinASecond() {
    long seed = Long.getLong("handoff.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    AttributeSerializer kryo = Codecs.kryo();
    int[] outcomes = new int[2];
    long[] slowest = new long[1];
    long start = System.nanoTime();
    assertTimeoutPreemptively(Duration.ofMinutes(5L * Math.max(1, CASES / 100_000)), () -> {
      byte[] previous = kryo.encode("seed", LOADER);
      for (int i = 0; i < CASES; i++) {
        byte[] genuine = kryo.encode(graph(random, 0, new ArrayList<>()), LOADER);
        byte[] hostile = hostile(random, genuine, previous);
        previous = genuine;
        long caseStart = System.nanoTime();
        try {
          kryo.decode(hostile, LOADER);
          outcomes[0]++;
        } catch (SerializationException refused) {
          outcomes[1]++;
        } catch (Throwable other) {
          fail("seed " + seed + ", case " + i + ": " + HexFormat.of().formatHex(hostile) + " threw " + other, other);
        }
        long nanos = System.nanoTime() - caseStart;
        slowest[0] = Math.max(slowest[0], nanos);
        assertTrue(nanos < 1_000_000_000L, "seed " + seed + ", case " + i + " took " + nanos / 1_000_000 + " ms: "
            + HexFormat.of().formatHex(hostile));
      }
    });
    System.out.printf("HostileFuzzTest seed %d: %d cases in %d ms, %d decoded, %d refused, slowest %.1f ms%n", seed,
        CASES, (System.nanoTime() - start) / 1_000_000, outcomes[0], outcomes[1], slowest[0] / 1e6);
  }

  /** A random graph of collections that share elements (as the bombs do), up to 5 levels. */
  private static Object graph(Random random, int depth, List<Object> made) {
    int kind = depth >= 5 ? random.nextInt(4) : random.nextInt(9);
    Object value = switch (kind) {
      case 0 -> "s" + random.nextInt(1000);
      case 1 -> random.nextInt();
      case 2 -> random.nextLong();
      case 3 -> made.isEmpty() ? (Object) new int[] {random.nextInt()} : made.get(random.nextInt(made.size()));
      case 4 -> fill(new ArrayList<>(), random, depth, made);
      case 5 -> fill(new HashSet<>(), random, depth, made);
      case 6 -> {
        Map<Object, Object> map = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(graph(random, depth + 1, made), graph(random, depth + 1, made));
        }
        yield map;
      }
      case 7 -> {
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          sorted.put("k" + random.nextInt(100), graph(random, depth + 1, made));
        }
        yield sorted;
      }
      default -> new Object[] {graph(random, depth + 1, made), graph(random, depth + 1, made)};
    };
    made.add(value);
    return value;
  }

  private static <C extends java.util.Collection<Object>> C fill(C collection, Random random, int depth, List<Object> made) {
    for (int i = random.nextInt(5); i > 0; i--) {
      collection.add(graph(random, depth + 1, made));
    }
    return collection;
  }

  /** The genuine bytes made hostile in one of the ways an attacker who knows the format would. */
  private static byte[] hostile(Random random, byte[] genuine, byte[] other) {
    byte[] out = genuine.clone();
    switch (random.nextInt(5)) {
      case 0 -> { // a class name, or any ASCII run, swapped for a planted name of the same length
        String text = new String(out, StandardCharsets.ISO_8859_1);
        String planted = PLANTED.get(random.nextInt(PLANTED.size()));
        int at = text.indexOf("java.");
        if (at >= 0 && at + planted.length() <= out.length) {
          System.arraycopy(planted.getBytes(StandardCharsets.ISO_8859_1), 0, out, at, planted.length());
        } else {
          out = splice(random, out, planted.getBytes(StandardCharsets.ISO_8859_1));
        }
      }
      case 1 -> { // a forged length or count: a huge varint where one byte was
        int at = 3 + random.nextInt(Math.max(1, out.length - 3));
        out = splice(random, out, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}, at, 1);
      }
      case 2 -> { // a reference id pointed at another object, or one that does not exist
        int at = 3 + random.nextInt(Math.max(1, out.length - 3));
        out[at] = (byte) random.nextInt(8);
      }
      case 3 -> { // another case's bytes spliced in
        int from = 3 + random.nextInt(Math.max(1, other.length - 3));
        byte[] piece = java.util.Arrays.copyOfRange(other, from, Math.min(other.length, from + 1 + random.nextInt(16)));
        out = splice(random, out, piece);
      }
      default -> { // truncated where the attacker stopped
        out = java.util.Arrays.copyOf(out, 3 + random.nextInt(Math.max(1, out.length - 3)));
      }
    }
    return out;
  }

  private static byte[] splice(Random random, byte[] into, byte[] piece) {
    int at = 3 + random.nextInt(Math.max(1, into.length - 3));
    return splice(random, into, piece, at, 0);
  }

  private static byte[] splice(Random random, byte[] into, byte[] piece, int at, int replaced) {
    at = Math.min(at, into.length);
    replaced = Math.min(replaced, into.length - at);
    byte[] out = new byte[into.length - replaced + piece.length];
    System.arraycopy(into, 0, out, 0, at);
    System.arraycopy(piece, 0, out, at, piece.length);
    System.arraycopy(into, at + replaced, out, at + piece.length, into.length - at - replaced);
    return out;
  }
}
