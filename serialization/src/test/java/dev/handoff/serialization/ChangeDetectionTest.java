package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.serialization.fixtures.Fixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What G3 needs: an object changed in place is noticed, an untouched one is not. */
class ChangeDetectionTest {

  private static final ClassLoader LOADER = ChangeDetectionTest.class.getClassLoader();

  @Test
  void untouchedValue_isUnchanged_changedInPlace_isNoticed() {
    for (AttributeSerializer codec : Codecs.all()) {
      List<Fixtures.Item> cart = new ArrayList<>(List.of(new Fixtures.Item("a", 1)));
      byte[] stored = codec.encode(cart, LOADER);
      @SuppressWarnings("unchecked")
      List<Fixtures.Item> loaded = (List<Fixtures.Item>) codec.decode(stored, LOADER);
      assertNull(codec.encodeIfChanged(loaded, stored, LOADER), codec.codecName() + ": read but not changed");
      loaded.add(new Fixtures.Item("b", 1));
      byte[] changed = codec.encodeIfChanged(loaded, stored, LOADER);
      assertNotNull(changed, "an item added in place");
      loaded.get(0).quantity = 5;
      assertNotNull(codec.encodeIfChanged(loaded, changed, LOADER), "a field changed inside an element");
    }
  }

  @Test
  void decodeThenEncode_givesTheSameBytes_soReadsNeverCauseWrites() {
    Map<String, Object> prefs = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      prefs.put("key-" + i, "value-" + i);
    }
    Set<String> roles = new HashSet<>(List.of("admin", "user", "auditor", "support", "billing"));
    List<Object> values = List.of(prefs, roles, new BigDecimal("10.50"), LocalDate.of(2026, 1, 1),
        Instant.parse("2026-11-28T00:00:00Z"), new Fixtures.Custom("x"), Fixtures.Color.BLUE);
    for (AttributeSerializer codec : Codecs.all()) {
      for (Object value : values) {
        if (codec.codecName().equals("jdk") && value instanceof HashSet) {
          continue; // HashSet.writeObject writes its capacity, which a decoded set sizes anew
        }
        byte[] first = codec.encode(value, LOADER);
        byte[] second = codec.encode(codec.decode(first, LOADER), LOADER);
        assertArrayEquals(first, second, codec.codecName() + ": " + value.getClass().getName() + " is stable");
      }
    }
  }

  @Test
  void immutableTypes_areKnown_mutableOnesAreNot() {
    for (Object value : new Object[] {"s", 1, 2L, 'c', true, new BigDecimal("1"), Fixtures.Color.RED,
        LocalDate.now(), Instant.now(), java.util.UUID.randomUUID(), java.time.ZoneId.of("UTC"), null}) {
      assertTrue(AttributeSerializer.isImmutable(value), String.valueOf(value));
    }
    for (Object value : new Object[] {new ArrayList<>(), new HashMap<>(), new Fixtures.Item("a", 1),
        new java.util.Date(), new int[0], new StringBuilder()}) {
      assertFalse(AttributeSerializer.isImmutable(value), value.getClass().getName());
    }
  }
}
