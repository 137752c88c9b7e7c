package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.MemcachedServer;
import dev.handoff.testkit.TlsFiles;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code memcacheds://}: memcached serving TLS only ({@code -Z}, as ElastiCache's in-transit
 * encryption) with a certificate of the testkit's CA. The store with that CA in its trust store
 * writes and reads sessions (the server answers nothing in clear, so they went over TLS); without
 * the CA, or with {@code memcached://} to that port, it refuses to start (failFast) with a message
 * that names the servers.
 */
class MemcachedTlsIT {

  private static TlsFiles tls;
  private static MemcachedServer server;

  @BeforeAll
  static void start() throws Exception {
    tls = TlsFiles.generate(Files.createTempDirectory("handoff-memcached-tls"));
    server = MemcachedServer.startTls("tls", tls);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static StoreConfig.Builder config(String address) {
    return StoreConfig.builder().namespace("tls-" + System.nanoTime()).addresses(List.of(address))
        .commandTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(3)).failFast(true);
  }

  @Test
  void sessionsGoOverTls_withTheServersCaTrusted() throws Exception {
    assertTrue(server.uri().startsWith("memcacheds://"), server.uri());
    assertFalse(answersInClear(), "the server speaks TLS only");
    try (SessionStore store = SessionStore.open(config(server.uri()).trustStore(tls.trustStore(), tls.storePassword())
        .build())) {
      long now = System.currentTimeMillis();
      String id = "tls-" + System.nanoTime();
      assertTrue(Creates.created(store, new SessionRecord(id, now, now, 60, 0, "n", null, null,
          Map.of("cart", "over tls".getBytes(StandardCharsets.UTF_8)))));
      assertEquals(SaveResult.Status.SAVED, store.save(id, SessionChange.builder()
          .set("cart", "saved over tls".getBytes(StandardCharsets.UTF_8)).build()).status());
      assertArrayEquals("saved over tls".getBytes(StandardCharsets.UTF_8), store.load(id).orElseThrow().attributes().get("cart"));
    }
  }

  @Test
  void anUntrustedCertificate_orAPlainAddress_refusesToStart() {
    IllegalStateException untrusted = assertThrows(IllegalStateException.class,
        () -> SessionStore.open(config(server.uri()).build()).close(), "the JVM's CAs do not trust the testkit's");
    assertTrue(untrusted.getMessage().contains("127.0.0.1:" + server.port()), untrusted.getMessage());
    assertTrue(untrusted.getMessage().contains("the TLS handshake with 127.0.0.1:" + server.port() + " fails")
        && untrusted.getMessage().contains("trustStore must hold the CA"), "says why: " + untrusted.getMessage());
    String plain = "memcached://127.0.0.1:" + server.port();
    IllegalStateException inClear = assertThrows(IllegalStateException.class,
        () -> SessionStore.open(config(plain).build()).close(), "memcached:// to a TLS port");
    assertTrue(inClear.getMessage().contains("127.0.0.1:" + server.port()), inClear.getMessage());
  }

  /** Whether the port answers {@code version} in clear. */
  private static boolean answersInClear() throws Exception {
    try (Socket socket = new Socket(server.host(), server.port())) {
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("VERSION");
    } catch (SocketTimeoutException | java.net.SocketException e) {
      return false;
    }
  }
}
