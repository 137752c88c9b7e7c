package dev.handoff.store;

/**
 * A hash tag for each Redis Cluster slot: the shortest decimal number whose CRC16 (XMODEM, as
 * the cluster hashes keys) lands in that slot, so that a key holding {@code {tag}} lives in it.
 */
final class SlotTags {

  private static final int SLOTS = 16384;
  private static volatile String[] tags;

  private SlotTags() {
  }

  static String tagFor(int slot) {
    String[] table = tags;
    if (table == null) {
      table = build();
      tags = table;
    }
    return table[slot];
  }

  /** The slot of a key with this hash tag. */
  static int slotOf(String tag) {
    return crc16(tag.getBytes(java.nio.charset.StandardCharsets.UTF_8)) % SLOTS;
  }

  private static String[] build() {
    String[] table = new String[SLOTS];
    int found = 0;
    for (int candidate = 0; found < SLOTS; candidate++) {
      String tag = Integer.toString(candidate);
      int slot = slotOf(tag);
      if (table[slot] == null) {
        table[slot] = tag;
        found++;
      }
    }
    return table;
  }

  static int crc16(byte[] bytes) {
    int crc = 0;
    for (byte b : bytes) {
      crc ^= (b & 0xff) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        crc &= 0xffff;
      }
    }
    return crc;
  }
}
