package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cluster's key hashing, as the Redis Cluster specification gives it, and a tag for every slot. */
class SlotTagsTest {

  @Test
  void crc16_matchesTheSpecificationsVector_andKnownSlots() {
    assertEquals(0x31C3, SlotTags.crc16("123456789".getBytes(StandardCharsets.US_ASCII)), "the spec's test vector");
    assertEquals(12182, SlotTags.slotOf("foo"), "CLUSTER KEYSLOT foo");
    assertEquals(5061, SlotTags.slotOf("bar"), "CLUSTER KEYSLOT bar");
  }

  @Test
  void everySlotHasATagThatHashesIntoIt() {
    for (int slot = 0; slot < 16384; slot++) {
      assertEquals(slot, SlotTags.slotOf(SlotTags.tagFor(slot)), "slot " + slot);
    }
  }
}
