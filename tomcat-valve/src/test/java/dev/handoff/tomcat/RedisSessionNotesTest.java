package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionRecord;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: Tomcat keeps only its own notes. Another container's reserved entries (here what Jetty
 * wrote before its metadata became hash fields: a serialized array under {@code \0note:jetty}, and
 * a note of some later release) are never decoded, never notes or attributes, and a Tomcat save
 * neither rewrites nor deletes them. The manager here is never started: it has no serializer, so
 * any decode would fail the test.
 */
class RedisSessionNotesTest {

  private static final String JETTY_ENTRY = "\u0000note:jetty";
  private static final String OTHER_ENTRY = "\u0000note:some.Other";
  /** Attribute-serializer bytes of a Java serialization stream: a decode would run the codec. */
  private static final byte[] PLANTED = {(byte) 0xB1, 1, 0, (byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r'};

  @Test
  void restore_anotherContainersReservedEntries_areNotDecodedNorNotes_andASaveLeavesThem() {
    RedisSession session = new RedisSession(new RedisSessionManager());
    long now = System.currentTimeMillis();
    session.restore(new SessionRecord("restored-id", now - 1_000, now, 1800, 3, "jetty", null, null,
        Map.of(JETTY_ENTRY, PLANTED, OTHER_ENTRY, PLANTED)));

    assertFalse(session.getNoteNames().hasNext(), "no notes");
    assertNull(session.getNote("jetty"));
    assertNull(session.getAttribute(JETTY_ENTRY), "a reserved entry is never an attribute");
    assertFalse(Collections.list(session.getAttributeNames()).contains(JETTY_ENTRY));

    SessionChange change = session.takeChange(true, true);
    assertNotNull(change, "the touch");
    for (String entry : new String[] {JETTY_ENTRY, OTHER_ENTRY}) {
      assertFalse(change.set().containsKey(entry), "a save rewrote " + entry);
      assertFalse(change.removed().contains(entry), "a save deleted " + entry);
    }
    SessionRecord whole = session.toRecord("tomcat");
    assertArrayEquals(PLANTED, whole.attributes().get(JETTY_ENTRY), "a re-create carries it as stored");
    assertTrue(whole.attributes().containsKey(OTHER_ENTRY));
  }
}
