package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.serialization.fixtures.Fixtures;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * G3 across nodes: a value that another JVM encoded, read here and not changed, is not written
 * back, although this JVM encodes it to other bytes (hash orders follow identity hash codes, which
 * differ per JVM). Before the fix, a node that only read an enum-keyed HashMap wrote its copy back
 * on every request and overwrote another node's increments.
 */
class CrossJvmChangeDetectionTest {

  private static final ClassLoader LOADER = CrossJvmChangeDetectionTest.class.getClassLoader();

  static Iterable<String> codecs() {
    return AnotherJvm.codecs();
  }

  @ParameterizedTest
  @MethodSource("codecs")
  @SuppressWarnings("unchecked")
  void enumKeyedHashMap_fromAnotherJvm_isUnchangedUntilChangedInPlace(String codec) throws Exception {
    AttributeSerializer serializer = AnotherJvm.serializer(codec);
    byte[] foreign = AnotherJvm.encode(codec).get("enumKeyedMap");
    Map<TimeUnit, Integer> counts = (Map<TimeUnit, Integer>) serializer.decode(foreign, LOADER);
    assertEncodedDifferentlyHere(serializer, counts, foreign);

    assertUnchanged(serializer.encodeIfChanged(counts, foreign, LOADER), codec + ": read, not changed");
    counts.merge(TimeUnit.SECONDS, 1, Integer::sum);
    assertNotNull(serializer.encodeIfChanged(counts, foreign, LOADER), codec + ": one entry incremented");
  }

  @ParameterizedTest
  @MethodSource("codecs")
  @SuppressWarnings("unchecked")
  void hashSetOfIdentityHashedObjects_fromAnotherJvm_isUnchangedUntilChangedInPlace(String codec)
      throws Exception {
    AttributeSerializer serializer = AnotherJvm.serializer(codec);
    byte[] foreign = AnotherJvm.encode(codec).get("identityHashedSet");
    Set<Fixtures.Node> nodes = (Set<Fixtures.Node>) serializer.decode(foreign, LOADER);
    assertEncodedDifferentlyHere(serializer, nodes, foreign);

    assertUnchanged(serializer.encodeIfChanged(nodes, foreign, LOADER), codec + ": read, not changed");
    nodes.iterator().next().name = "renamed";
    assertNotNull(serializer.encodeIfChanged(nodes, foreign, LOADER), codec + ": a field of one element changed");
    byte[] renamed = serializer.encode(nodes, LOADER);
    nodes.add(new Fixtures.Node("node-30"));
    assertNotNull(serializer.encodeIfChanged(nodes, renamed, LOADER), codec + ": an element added");
  }

  @ParameterizedTest
  @MethodSource("codecs")
  @SuppressWarnings("unchecked")
  void hashSetOfStrings_fromAnotherJvm_isUnchangedUntilChangedInPlace(String codec) throws Exception {
    AttributeSerializer serializer = AnotherJvm.serializer(codec);
    byte[] foreign = AnotherJvm.encode(codec).get("stringSet");
    Set<String> roles = (Set<String>) serializer.decode(foreign, LOADER);

    assertUnchanged(serializer.encodeIfChanged(roles, foreign, LOADER), codec + ": read, not changed");
    roles.remove("auditor");
    assertNotNull(serializer.encodeIfChanged(roles, foreign, LOADER), codec + ": an element removed");
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void unreadablePreviousBytes_countAsChanged(String codec) {
    AttributeSerializer serializer = AnotherJvm.serializer(codec);
    byte[] corrupt = {(byte) 0xB1, 2, 0, 1, 2, 3};
    assertNotNull(serializer.encodeIfChanged(AnotherJvm.enumKeyedMap(), corrupt, LOADER));
  }

  @ParameterizedTest
  @MethodSource("codecs")
  @SuppressWarnings("unchecked")
  void hashSetOfIdentityHashedObjects_decodedInThisJvm_isUnchanged(String codec) {
    AttributeSerializer serializer = AnotherJvm.serializer(codec);
    byte[] stored = serializer.encode(AnotherJvm.identityHashedSet(), LOADER);
    Set<Fixtures.Node> nodes = (Set<Fixtures.Node>) serializer.decode(stored, LOADER);
    assertUnchanged(serializer.encodeIfChanged(nodes, stored, LOADER), codec + ": new objects, new hash order");
    nodes.removeIf(node -> node.name.equals("node-3"));
    assertNotNull(serializer.encodeIfChanged(nodes, stored, LOADER), codec + ": an element removed");
  }

  @ParameterizedTest
  @MethodSource("codecs")
  @SuppressWarnings("unchecked")
  void hashMapHoldingItself_cannotBeSorted_countsAsChanged_withoutFailing(String codec) {
    AttributeSerializer serializer = AnotherJvm.serializer(codec);
    Map<Object, Object> cyclic = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      cyclic.put(new Fixtures.Node("key-" + i), cyclic);
    }
    byte[] stored = serializer.encode(cyclic, LOADER);
    Object loaded = serializer.decode(stored, LOADER);
    assertNotNull(serializer.encodeIfChanged(loaded, stored, LOADER),
        codec + ": nested deeper than the canonical form sorts: a needless write, no error, no hang");
  }

  private static void assertUnchanged(byte[] written, String message) {
    assertTrue(written == null, message + ": written again (" + (written == null ? 0 : written.length) + " bytes)");
  }

  /** Else the test would pass without testing anything: the orders must differ between the JVMs. */
  private static void assertEncodedDifferentlyHere(AttributeSerializer serializer, Object value, byte[] foreign) {
    assertFalse(Arrays.equals(serializer.encode(value, LOADER), foreign),
        serializer.codecName() + ": precondition: this JVM encodes " + value.getClass().getSimpleName()
            + " to the same bytes as the other one (same hash order by chance?)");
  }
}
