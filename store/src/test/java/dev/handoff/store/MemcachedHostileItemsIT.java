package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.MemcachedServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * G9 on Memcached: a writer of Memcached plants items under a session's key (the test plays it,
 * with memcached's own text protocol): garbage, a count of a billion entries, a length past the
 * end, an item far above maxSessionBytes, a Java-serialized map flagged as such for spymemcached's
 * own transcoder. Each read is refused at once with a clear error, no
 * memory is taken for what the bytes claim, and the store goes on serving other sessions.
 */
class MemcachedHostileItemsIT {

  @Test
  void plantedItems_areRefusedAtOnce_withAClearError() throws Exception {
    try (MemcachedServer server = MemcachedServer.start("hostile")) {
      StoreConfig config = StoreConfig.builder().namespace("hostile-" + System.nanoTime())
          .addresses(List.of(server.uri())).maxSessionBytes(64 * 1024).commandTimeout(Duration.ofSeconds(2)).build();
      Keys keys = new Keys(config);
      try (SessionStore store = SessionStore.open(config)) {
        byte[] billion = ByteBuffer.allocate(64).put((byte) 'H').put((byte) 1).put((byte) 0).putLong(1).putLong(1)
            .putInt(60).putLong(1).putInt(-1).putInt(-1).putInt(-1).putInt(-1).putInt(1_000_000_000).array();
        byte[] pastTheEnd = ByteBuffer.allocate(40).put((byte) 'H').put((byte) 1).put((byte) 0).putLong(1).putLong(1)
            .putInt(60).putLong(1).putInt(Integer.MAX_VALUE).array();
        java.io.ByteArrayOutputStream serialized = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream objects = new java.io.ObjectOutputStream(serialized)) {
          objects.writeObject(new java.util.HashMap<>(java.util.Map.of("planted", "by a writer of Memcached")));
        }
        List<byte[]> planted = List.of("not a session".getBytes(StandardCharsets.UTF_8), billion, pastTheEnd,
            new byte[200 * 1024], serialized.toByteArray());
        for (int i = 0; i < planted.size(); i++) {
          String id = "planted-" + i + "-" + System.nanoTime();
          // the last with spymemcached's flag for a Java-serialized value: the store never deserializes it
          set(server, keys.session(keys.digest(id)), i == planted.size() - 1 ? 1 : 0, planted.get(i));
          long start = System.nanoTime();
          RuntimeException refused = assertThrows(RuntimeException.class, () -> store.load(id), "planted item " + i);
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          assertTrue(refused instanceof MalformedSessionException || refused instanceof IllegalStateException,
              "planted item " + i + ": " + refused);
          assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "refused at once: " + took);
          assertTrue(!refused.getMessage().contains(id), "no session id in the message: " + refused.getMessage());
        }
        String ok = "honest-" + System.nanoTime();
        long now = System.currentTimeMillis();
        assertTrue(Creates.created(store, new SessionRecord(ok, now, now, 60, 0, "n", null, null,
            java.util.Map.of("a", new byte[] {1}))));
        assertTrue(store.load(ok).isPresent(), "other sessions are served");
      }
    }
  }

  /** memcached's text protocol: {@code set <key> <flags> 0 <bytes>}. */
  static void set(MemcachedServer server, String key, int flags, byte[] value) throws Exception {
    try (Socket socket = new Socket(server.host(), server.port())) {
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream command = new ByteArrayOutputStream();
      command.write(("set " + key + " " + flags + " 0 " + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      command.write(value);
      command.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(command.toByteArray());
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      String text = new String(reply, 0, Math.max(0, n), StandardCharsets.US_ASCII);
      if (!text.startsWith("STORED")) {
        throw new IllegalStateException("memcached did not store the planted item: " + text);
      }
    }
  }
}
