package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.handoff.serialization.fixtures.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated inputs: each one decodes or fails with a SerializationException;
 * nothing else is thrown, no decode allocates more than maxAttributeBytes, and the whole run ends within
 * a generous bound (a hang would not). The seed is printed; {@code -Dhandoff.fuzz.seed=N} replays.
 */
class FuzzTest {

  private static final int INPUTS = Integer.getInteger("handoff.fuzz.inputs", 100_000);
  private static final ClassLoader LOADER = FuzzTest.class.getClassLoader();

  @Test
  void randomAndMutatedInputs_decodeOrFailCleanly_withinBoundedMemoryAndTime() {
    long seed = Long.getLong("handoff.fuzz.seed", System.nanoTime());
    System.out.println("FuzzTest seed: " + seed);
    Random random = new Random(seed);
    List<AttributeSerializer> codecs = Codecs.all();
    List<byte[]> seeds = seeds(codecs);
    int[] outcomes = new int[2];
    long[] maxAllocated = new long[1];
    String[] worst = new String[1];

    assertTimeoutPreemptively(Duration.ofMinutes(5L * Math.max(1, INPUTS / 100_000)), () -> {
      for (int i = 0; i < INPUTS; i++) {
        byte[] input = nextInput(random, seeds);
        AttributeSerializer codec = codecs.get(random.nextInt(codecs.size()));
        long allocated = Allocations.during(() -> {
          try {
            codec.decode(input, LOADER);
            outcomes[0]++;
          } catch (SerializationException expected) {
            outcomes[1]++;
          } catch (Throwable other) {
            fail("seed " + seed + ": input " + java.util.HexFormat.of().formatHex(input) + " threw " + other, other);
          }
        });
        if (allocated > maxAllocated[0]) {
          maxAllocated[0] = allocated;
          worst[0] = codec.codecName() + " " + java.util.HexFormat.of().formatHex(input);
        }
      }
    }, "seed " + seed);

    System.out.printf("FuzzTest: %d inputs, %d decoded, %d refused, at most %d bytes allocated by one decode%n",
        INPUTS, outcomes[0], outcomes[1], maxAllocated[0]);
    assertEquals(INPUTS, outcomes[0] + outcomes[1]);
    assertTrue(outcomes[1] > INPUTS / 2, "most random inputs are refused");
    assertTrue(outcomes[0] > 0, "some mutations still decode (the fuzzer reaches past the header)");
    assertTrue(maxAllocated[0] <= SerializationConfig.defaults().maxAttributeBytes(),
        "seed " + seed + ": one decode allocated " + maxAllocated[0] + " bytes, decoding " + worst[0]);
  }

  private static List<byte[]> seeds(List<AttributeSerializer> codecs) {
    Map<String, Object> prefs = new HashMap<>(Map.of("theme", "dark", "lang", "fr"));
    List<Object> cart = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      cart.add(new Fixtures.Item("item-" + i, i));
    }
    Fixtures.Node cycle = new Fixtures.Node("a");
    cycle.next = new Fixtures.Node("b");
    cycle.next.next = cycle;
    List<Object> values = List.of("text", 42, new BigDecimal("19.99"), Instant.EPOCH, Locale.FRANCE,
        prefs, cart, cycle, new long[] {1, 2, 3}, new String[] {"x", "é"}, EnumSet.of(Fixtures.Color.RED),
        new TreeMap<>(Map.of("k", 1)), Collections.unmodifiableList(cart), List.of(1, 2),
        new Fixtures.Custom("hooks"), String.join("", Collections.nCopies(300, "compressible ")));
    List<byte[]> seeds = new ArrayList<>();
    for (AttributeSerializer codec : codecs) {
      for (Object value : values) {
        seeds.add(codec.encode(value, LOADER));
      }
    }
    return seeds;
  }

  private static byte[] nextInput(Random random, List<byte[]> seeds) {
    byte[] base = seeds.get(random.nextInt(seeds.size())).clone();
    switch (random.nextInt(7)) {
      case 0: { // random bytes behind a valid header
        byte[] bytes = new byte[3 + random.nextInt(200)];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xB1;
        bytes[1] = (byte) (1 + random.nextInt(2));
        bytes[2] = (byte) random.nextInt(2);
        return bytes;
      }
      case 1: { // flip a few bits
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          int at = 3 + random.nextInt(Math.max(1, base.length - 3));
          if (at < base.length) {
            base[at] ^= (byte) (1 << random.nextInt(8));
          }
        }
        return base;
      }
      case 2: // truncate
        return java.util.Arrays.copyOf(base, random.nextInt(base.length));
      case 3: { // a huge varint or int somewhere
        int at = 3 + random.nextInt(Math.max(1, base.length - 3));
        byte[] huge = random.nextBoolean()
            ? new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}
            : new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        return BoundedDecodingTest.splice(base, Math.min(at, base.length), Math.min(huge.length, base.length - Math.min(at, base.length)), huge);
      }
      case 4: { // insert random bytes
        byte[] insert = new byte[1 + random.nextInt(8)];
        random.nextBytes(insert);
        int at = 3 + random.nextInt(Math.max(1, base.length - 3));
        return BoundedDecodingTest.splice(base, Math.min(at, base.length), 0, insert);
      }
      case 5: { // overwrite a byte with an edge value
        int at = 3 + random.nextInt(Math.max(1, base.length - 3));
        if (at < base.length) {
          byte[] edges = {0, 1, -1, 0x7F, (byte) 0x80, (byte) 0xFE, 2, 3};
          base[at] = edges[random.nextInt(edges.length)];
        }
        return base;
      }
      default: { // pure noise, header included
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return bytes;
      }
    }
  }
}
