package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tracked copy's rules, with an in-memory writer: when a change counts as written, whose changes a save takes. */
class TrackedSessionTest {

  @Test
  void write_refusedByTheStore_keepsTheChange_nextWriteSendsItAgain() {
    FakeWrites writes = new FakeWrites();
    FakeSource source = new FakeSource();
    TrackedSession session = persisted(writes);
    RequestChanges first = session.beginRequest();
    source.values.put("a", "1");
    first.set("a");
    writes.refuse = true;
    assertThrows(IllegalArgumentException.class, () -> session.write(writes, first, source, true, false));
    assertEquals(null, session.stored("a"), "a refused write is not remembered as written");
    writes.refuse = false;
    WriteOutcome next = session.write(writes, session.beginRequest(), source, true, false);
    assertEquals(SaveResult.Status.SAVED, next.result().status());
    assertEquals(Set.of("a"), writes.saved.get(writes.saved.size() - 1).set().keySet(), "the next write sends it again");
    assertArrayEquals(bytes("1"), session.stored("a"));
  }

  @Test
  void write_attributeThatCannotBeEncoded_staysUnwritten_andIsWrittenOnceItCan() {
    FakeWrites writes = new FakeWrites();
    FakeSource source = new FakeSource();
    TrackedSession session = persisted(writes);
    RequestChanges request = session.beginRequest();
    source.values.put("big", "TOO BIG");
    request.set("big");
    source.values.put("small", "s");
    request.set("small");
    session.write(writes, request, source, true, false);
    assertEquals(Set.of("small"), writes.saved.get(0).set().keySet());
    assertTrue(session.changedLocally("big"), "still to be written");
    source.values.put("big", "fits"); // changed in place by a later request that never set it
    session.write(writes, session.beginRequest(), source, true, false);
    assertEquals(Set.of("big"), writes.saved.get(1).set().keySet());
    assertFalse(session.changedLocally("big"));
  }

  @Test
  void twoRequests_eachKeepsItsReads_aSaveOfOneDoesNotTakeTheOthers() {
    FakeWrites writes = new FakeWrites();
    FakeSource source = new FakeSource();
    TrackedSession session = persisted(writes, Map.of("cart", bytes("[apple]")));
    source.values.put("cart", "[apple]");
    RequestChanges r1 = session.beginRequest();
    RequestChanges r2 = session.beginRequest();
    r1.read("cart");
    r2.read("cart");
    assertFalse(session.write(writes, r1, source, true, false).wrote(), "R1 changed nothing");
    session.endRequest(r1);
    source.values.put("cart", "[apple, pear]"); // R2 changes the cart in place after R1 ended
    WriteOutcome write = session.write(writes, r2, source, true, false);
    assertTrue(write.wrote());
    assertArrayEquals(bytes("[apple, pear]"), writes.saved.get(0).set().get("cart"));
  }

  @Test
  void create_notAcknowledged_staysNew_thenIsCreatedWhole() {
    FakeWrites writes = new FakeWrites();
    FakeSource source = new FakeSource();
    TrackedSession session = TrackedSession.created("id-1");
    RequestChanges request = session.beginRequest();
    source.values.put("a", "1");
    request.set("a");
    writes.unavailable = true;
    assertThrows(StoreUnavailableException.class, () -> session.write(writes, request, source, true, false));
    assertFalse(session.isPersisted());
    writes.unavailable = false;
    WriteOutcome created = session.write(writes, session.beginRequest(), source, true, false);
    assertTrue(created.created());
    assertEquals(Set.of("a"), writes.created.get(0).attributes().keySet());
    assertTrue(session.isPersisted());
    assertEquals(1, session.version());
  }

  @Test
  void refresh_keepsWhatARunningRequestSet_dropsWhatChangedElsewhere() {
    FakeWrites writes = new FakeWrites();
    TrackedSession session = persisted(writes, Map.of("a", bytes("1"), "b", bytes("1")));
    RequestChanges running = session.beginRequest();
    running.set("a");
    SessionRecord newer = new SessionRecord("id-1", 1, 2, 60, 7, "b", null, null, Map.of("a", bytes("2"), "b", bytes("2")));
    RefreshedCopy refreshed = session.refresh(newer);
    assertEquals(Set.of("b"), refreshed.stale());
    assertEquals(7, session.version());
    assertTrue(session.changedLocally("a"));
  }

  @Test
  void write_failed_touchAndLoginNotRememberedAsSaved_nextWriteSendsThem() {
    FakeWrites writes = new FakeWrites();
    FakeSource source = new FakeSource();
    TrackedSession session = persisted(writes);
    source.accessTime = 500;
    source.principal = "alice";
    writes.unavailable = true;
    assertThrows(StoreUnavailableException.class, () -> session.write(writes, session.beginRequest(), source, true, true));
    assertEquals(1, session.savedAccessTime(), "the touch did not reach Redis");
    writes.unavailable = false;
    session.write(writes, session.beginRequest(), source, true, false);
    SessionChange sent = writes.saved.get(0);
    assertTrue(sent.loginChanged(), "the login is sent again");
    assertEquals(500, sent.lastAccessedTime());
    assertEquals(500, session.savedAccessTime());
  }

  @Test
  void write_savedWithAVersionGap_copyMustBeReadWholeNext() {
    FakeWrites writes = new FakeWrites();
    FakeSource source = new FakeSource();
    TrackedSession session = persisted(writes);
    writes.nextVersion = 5; // another node wrote in between
    RequestChanges request = session.beginRequest();
    source.values.put("a", "1");
    request.set("a");
    session.write(writes, request, source, true, false);
    assertEquals(-1, session.version());
  }

  @Test
  void storedRecord_isWhatRedisHolds_containerFieldsRideAlong_committedOnlyOnceAcknowledged() {
    FakeWrites writes = new FakeWrites();
    FakeSource source = new FakeSource();
    TrackedSession session = TrackedSession.created("id-1");
    assertEquals(null, session.storedRecord(), "nothing in Redis yet");
    source.values.put("a", "1");
    source.fields = Map.of(ContainerField.COOKIE_SET, 7L);
    RequestChanges request = session.beginRequest();
    request.set("a");
    session.write(writes, request, source, true, false);
    assertEquals(Map.of(ContainerField.COOKIE_SET, 7L), writes.created.get(0).containerFields());
    SessionRecord stored = session.storedRecord();
    assertEquals(Map.of(ContainerField.COOKIE_SET, 7L), stored.containerFields());
    assertArrayEquals(bytes("1"), stored.attributes().get("a"));
    assertEquals(1, stored.version());
    source.fields = Map.of(ContainerField.COOKIE_SET, 8L);
    assertFalse(session.write(writes, session.beginRequest(), source, true, false).wrote(),
        "container fields alone are no reason to write");
    source.values.put("a", "2");
    RequestChanges refused = session.beginRequest();
    refused.set("a");
    writes.unavailable = true;
    assertThrows(StoreUnavailableException.class, () -> session.write(writes, refused, source, true, false));
    assertTrue(session.hasUnwrittenChanges());
    assertEquals(7L, session.storedRecord().containerFields().get(ContainerField.COOKIE_SET), "not acknowledged");
    assertArrayEquals(bytes("1"), session.storedRecord().attributes().get("a"));
    writes.unavailable = false;
    session.write(writes, session.beginRequest(), source, true, false);
    assertFalse(session.hasUnwrittenChanges());
    assertEquals(8L, session.storedRecord().containerFields().get(ContainerField.COOKIE_SET));
    assertArrayEquals(bytes("2"), session.storedRecord().attributes().get("a"));
    assertEquals("a", session.storedRecord().lastNode(), "a save names the node that wrote it");
  }

  private static TrackedSession persisted(FakeWrites writes) {
    return persisted(writes, Map.of());
  }

  private static TrackedSession persisted(FakeWrites writes, Map<String, byte[]> attributes) {
    writes.nextVersion = 2;
    return TrackedSession.restored(new SessionRecord("id-1", 1, 1, 60, 1, "a", null, null, attributes));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static final class FakeWrites implements Writes {
    final List<SessionChange> saved = new ArrayList<>();
    final List<SessionRecord> created = new ArrayList<>();
    boolean refuse;
    boolean unavailable;
    long nextVersion = 1;

    @Override
    public SaveResult create(SessionRecord record, String createToken) {
      check();
      created.add(record);
      return SaveResult.saved(nextVersion++, 0);
    }

    @Override
    public SaveResult save(String id, SessionChange change) {
      check();
      saved.add(change);
      return SaveResult.saved(nextVersion++, 0);
    }

    private void check() {
      if (unavailable) {
        throw new StoreUnavailableException("down", null);
      }
      if (refuse) {
        throw new IllegalArgumentException("above maxSessionBytes");
      }
    }

    @Override
    public String nodeName() {
      return "a";
    }
  }

  private static final class FakeSource implements SessionSource {
    final Map<String, Object> values = new HashMap<>();
    long accessTime = 1;
    Object principal;
    Map<ContainerField, Long> fields = Map.of();

    @Override
    public Map<ContainerField, Long> containerFields() {
      return fields;
    }

    @Override
    public Object attribute(String name) {
      return values.get(name);
    }

    @Override
    public byte[] encode(String name, Object value) {
      if ("TOO BIG".equals(value)) {
        throw new IllegalArgumentException("too big");
      }
      return bytes(String.valueOf(value));
    }

    @Override
    public byte[] encodeIfChanged(String name, Object value, byte[] before) {
      byte[] now = encode(name, value);
      return java.util.Arrays.equals(now, before) ? null : now;
    }

    @Override
    public Map<String, byte[]> entries() {
      return Map.of();
    }

    @Override
    public Object principal() {
      return principal;
    }

    @Override
    public byte[] principalBytes() {
      return principal == null ? null : bytes(String.valueOf(principal));
    }

    @Override
    public String authType() {
      return null;
    }

    @Override
    public long creationTime() {
      return 1;
    }

    @Override
    public long accessTime() {
      return accessTime;
    }

    @Override
    public int maxInactiveSeconds() {
      return 60;
    }
  }
}
