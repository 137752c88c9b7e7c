package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.store.WriteOutcome;
import dev.handoff.testkit.store.InMemoryServer;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: Tomcat keeps only its own notes. Another container's reserved entries (here what Jetty
 * wrote before its metadata became hash fields: a serialized array under {@code \0note:jetty}, and
 * a note of some later release) are never decoded, never notes or attributes, and a Tomcat save
 * neither rewrites nor deletes them. The manager here is never started: it has no serializer, so
 * any decode would fail the test. The store is the testkit's in-memory one.
 */
class RedisSessionNotesTest {

  private static final String JETTY_ENTRY = "\u0000note:jetty";
  private static final String OTHER_ENTRY = "\u0000note:some.Other";
  /** Attribute-serializer bytes of a Java serialization stream: a decode would run the codec. */
  private static final byte[] PLANTED = {(byte) 0xB1, 1, 0, (byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r'};

  @Test
  void restore_anotherContainersReservedEntries_areNotDecodedNorNotes_andASaveLeavesThem() {
    InMemoryServer server = new InMemoryServer(); // the adapter's logic, without Redis (issue 12)
    SessionStore store = server.open(StoreConfig.builder().namespace("notes").build());
    long now = System.currentTimeMillis();
    store.create(new SessionRecord("restored-id", now - 1_000, now - 60_000, 1800, 0, "jetty", null, null,
        Map.of(JETTY_ENTRY, PLANTED, OTHER_ENTRY, PLANTED)), SessionStore.newCreateToken());
    RedisSession session = new RedisSession(new RedisSessionManager());
    session.restore(store.load("restored-id").orElseThrow());

    assertFalse(session.getNoteNames().hasNext(), "no notes");
    assertNull(session.getNote("jetty"));
    assertNull(session.getAttribute(JETTY_ENTRY), "a reserved entry is never an attribute");
    assertFalse(Collections.list(session.getAttributeNames()).contains(JETTY_ENTRY));

    WriteOutcome touched = session.tracked().write(store, session.tracked().beginRequest(), session.source(), true, true);
    assertEquals(SaveResult.Status.SAVED, touched.result().status(), "the touch was written");
    SessionRecord after = store.load("restored-id").orElseThrow();
    assertEquals(2, after.version());
    for (String entry : new String[] {JETTY_ENTRY, OTHER_ENTRY}) {
      assertArrayEquals(PLANTED, after.attributes().get(entry), "a save rewrote or deleted " + entry);
    }
  }
}
