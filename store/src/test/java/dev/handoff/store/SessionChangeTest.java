package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Container fields in a change: merged as written in order, applied to a node's copy, never lost. */
class SessionChangeTest {

  @Test
  void mergedWith_newerContainerFieldWins_othersKept() {
    SessionChange older = SessionChange.builder().containerField(ContainerField.COOKIE_SET, 1)
        .containerField(ContainerField.LAST_SAVE, 2).build();
    SessionChange newer = SessionChange.builder().containerField(ContainerField.LAST_SAVE, 3).build();
    assertEquals(Map.of(ContainerField.COOKIE_SET, 1L, ContainerField.LAST_SAVE, 3L),
        older.mergedWith(newer).containerFields());
  }

  @Test
  void aChangeOfOnlyAContainerField_isNotEmpty() {
    assertTrue(SessionChange.builder().build().isEmpty());
    assertFalse(SessionChange.builder().containerField(ContainerField.COOKIE_SET, 5).build().isEmpty());
  }

  @Test
  void withChange_writesTheNamedContainerFields_andKeepsTheOthers() {
    SessionRecord record = new SessionRecord("id", 1, 2, 60, 4, "n", null, null, Map.of(),
        Map.of(ContainerField.COOKIE_SET, 10L, ContainerField.PREVIOUS_ACCESS, 11L));
    SessionRecord changed = record.withChange(SessionChange.builder()
        .containerField(ContainerField.PREVIOUS_ACCESS, 12).lastAccessedTime(3).build(), 5);
    assertEquals(Map.of(ContainerField.COOKIE_SET, 10L, ContainerField.PREVIOUS_ACCESS, 12L), changed.containerFields());
    assertEquals(changed.containerFields(), changed.withId("other").containerFields());
  }
}
