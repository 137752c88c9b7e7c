package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationConfig;
import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12: Jetty's metadata is named hash fields of plain decimal numbers (docs/schema.md), no
 * serialized entry; what another writer plants there is never decoded; what another container
 * writes to the shared fields (access time, inactivity limit) is what Jetty reads.
 */
class JettyFieldsIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final AttributeSerializer SERIALIZER = AttributeSerializer.create(SerializationConfig.defaults());
  private static final ClassLoader LOADER = JettyFieldsIT.class.getClassLoader();
  /** Attribute-serializer bytes around the start of a Java serialization stream: a decode would run the codec. */
  private static final byte[] PLANTED = {(byte) 0xB1, 1, 0, (byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r', 0, 9};

  private final String namespace = "jetty-fields-" + UUID.randomUUID().toString().substring(0, 8);
  private final SessionStore store = SessionStore.open(StoreConfig.builder().addresses(java.util.List.of(REDIS.topology().uri()))
      .namespace(namespace).nodeName("jetty-a").build());

  @AfterEach
  void close() {
    store.close();
  }

  /** A session as Jetty keeps it mid-request, written by the adapter's mapping. */
  private RedisSessionData jettySession(String id, long now) {
    RedisSessionData data = new RedisSessionData(id, "/app", "0.0.0.0", now - 60_000, now, now - 5_000, 1_800_000);
    data.setExpiry(now + 1_800_000);
    data.setCookieSet(now - 60_000);
    data.setLastSaved(now - 5_000);
    data.setLastNode("jetty-a");
    data.setAttribute("cart", "book");
    assertEquals(SaveResult.Status.SAVED, store.create(record(data), SessionStore.newCreateToken()).status());
    return data;
  }

  private SessionRecord record(RedisSessionData data) {
    return SessionMapping.toRecord(data, SERIALIZER, LOADER, "jetty-a", namespace);
  }

  private RedisSessionData load(String id) {
    return SessionMapping.toSessionData(store.load(id).orElseThrow(), "/app", "0.0.0.0", SERIALIZER, LOADER, namespace,
        null);
  }

  @Test
  void jettyMetadata_isNamedDecimalFields_sharedWithTheStoreWhereTheMeaningIsTheSame_andRoundTrips() throws Exception {
    String id = "fields-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    RedisSessionData data = jettySession(id, now);
    Map<String, String> hash = hash(id);
    assertEquals(Long.toString(now - 60_000), hash.get("ct"), "created: the store's field");
    assertEquals(Long.toString(now), hash.get("la"), "access: the store's field, Jetty's own when its limit is whole seconds");
    assertEquals("1800", hash.get("mi"));
    assertEquals("jetty-a", hash.get("nd"));
    assertEquals("0", hash.get("ad"));
    assertEquals("0", hash.get("md"));
    assertEquals(Long.toString(now - 5_000), hash.get("pa"));
    assertEquals(Long.toString(now - 60_000), hash.get("cs"));
    assertEquals(Long.toString(now - 5_000), hash.get("ls"));
    assertTrue(hash.keySet().stream().noneMatch(field -> field.startsWith("a:\u0000")), "no reserved entry: " + hash.keySet());

    RedisSessionData back = load(id);
    assertEquals(data.getCreated(), back.getCreated());
    assertEquals(data.getAccessed(), back.getAccessed());
    assertEquals(data.getLastAccessed(), back.getLastAccessed());
    assertEquals(data.getMaxInactiveMs(), back.getMaxInactiveMs());
    assertEquals(data.getExpiry(), back.getExpiry());
    assertEquals(data.getCookieSet(), back.getCookieSet());
    assertEquals(data.getLastSaved(), back.getLastSaved());
    assertEquals("jetty-a", back.getLastNode());
    assertEquals("book", back.getAttribute("cart"));
  }

  /** A limit in milliseconds that is not whole seconds, and an expiry not counted from the access: exact too. */
  @Test
  void jettyTimesFinerThanTheStoreFields_roundTripExactly() {
    String id = "finer-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    RedisSessionData data = new RedisSessionData(id, "/app", "0.0.0.0", now - 10, now - 3, now - 7, 1_500);
    data.setExpiry(now + 1_234);
    data.setLastNode("jetty-a");
    store.create(record(data), SessionStore.newCreateToken());
    RedisSessionData back = load(id);
    assertEquals(List.of(data.getAccessed(), data.getLastAccessed(), data.getMaxInactiveMs(), data.getExpiry()),
        List.of(back.getAccessed(), back.getLastAccessed(), back.getMaxInactiveMs(), back.getExpiry()));
  }

  /**
   * Another container (Tomcat) served the session: it wrote the shared fields (access time and
   * limit) and none of Jetty's. Jetty reads that access and that limit.
   */
  @Test
  void anotherContainersAccessAndLimit_areWhatJettyReads() {
    String id = "tomcat-wrote-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    jettySession(id, now);
    store.save(id, SessionChange.builder().lastAccessedTime(now + 2_000).maxInactiveSeconds(60)
        .set("counter", SERIALIZER.encode(2, LOADER)).build());
    RedisSessionData back = load(id);
    assertEquals(now + 2_000, back.getAccessed());
    assertEquals(60_000, back.getMaxInactiveMs());
    assertEquals(now + 62_000, back.getExpiry());
    assertEquals(2, back.getAttribute("counter"));

    store.save(id, SessionChange.builder().maxInactiveSeconds(-1).lastAccessedTime(now + 3_000).build());
    RedisSessionData unlimited = load(id);
    assertTrue(unlimited.getMaxInactiveMs() <= 0, "never expires: " + unlimited.getMaxInactiveMs());
    assertEquals(0, unlimited.getExpiry());
    assertFalse(unlimited.isExpiredAt(now + 86_400_000L));
  }

  /** A hostile or broken writer: garbage in Jetty's fields is left out with a warning, never decoded; the session reads on. */
  @Test
  void plantedGarbageInJettyFields_isIgnoredWithAWarning_neverDecoded() throws Exception {
    String id = "planted-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    jettySession(id, now);
    try (RespClient redis = REDIS.topology().node().client()) {
      redis.integer("HSET", key(id), "cs", new String(PLANTED, StandardCharsets.ISO_8859_1), "ad", "12.5");
    }
    RedisSessionData back;
    String log;
    try (ErrCapture capture = new ErrCapture()) {
      back = load(id);
      log = capture.text();
    }
    assertEquals("book", back.getAttribute("cart"));
    assertEquals(now, back.getAccessed(), "no access delta: the store's access time");
    assertEquals(new RedisSessionData(id, "/app", "0.0.0.0", 0, 0, 0, 0).getCookieSet(), back.getCookieSet(),
        "no cookie time: Jetty's default");
    assertTrue(log.contains("hash field cs is not a decimal number") && log.contains("hash field ad"), log);
    assertTrue(log.contains(namespace), "the line names the application: " + log);
    assertFalse(log.contains(id), "no session id in the log");
  }

  /**
   * What the adapter wrote before issue 12, a serialized array under the reserved entry {@code
   * \0note:jetty}: never decoded (here it holds planted bytes), never an attribute, kept as stored.
   */
  @Test
  void anOldMetadataEntry_isNeverDecoded_andKeptAsStored() {
    String id = "old-entry-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    Map<String, byte[]> attributes = new LinkedHashMap<>();
    attributes.put("cart", SERIALIZER.encode("book", LOADER));
    attributes.put("\u0000note:jetty", PLANTED);
    store.create(new SessionRecord(id, now - 1_000, now, 1800, 0, "jetty-a", null, null, attributes),
        SessionStore.newCreateToken());
    RedisSessionData back = load(id);
    assertEquals("book", back.getAttribute("cart"));
    assertNull(back.getAttribute("\u0000note:jetty"));
    assertEquals(1, back.getKeys().size(), back.getKeys().toString());
    assertArrayEquals(PLANTED, store.load(id).orElseThrow().attributes().get("\u0000note:jetty"), "kept as stored");
    assertEquals(now, back.getAccessed());
    assertEquals(1_800_000, back.getMaxInactiveMs());
  }

  private Map<String, String> hash(String id) throws Exception {
    try (RespClient redis = REDIS.topology().node().client()) {
      List<?> flat = (List<?>) redis.call("HGETALL", key(id));
      Map<String, String> hash = new LinkedHashMap<>();
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        hash.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
      }
      return hash;
    }
  }

  /** The key of the session's hash, by the schema (docs/schema.md). */
  private String key(String id) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest((namespace + '\u0000' + id).getBytes(StandardCharsets.UTF_8));
    return "handoff:" + namespace + ":s2:{" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
        .substring(0, 22) + "}";
  }

  /** What is logged meanwhile: slf4j-simple writes to whatever System.err is at each call. */
  private static final class ErrCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    ErrCapture() {
      System.setErr(new PrintStream(new OutputStream() {
        @Override
        public synchronized void write(int b) {
          captured.write(b);
          original.write(b);
        }
      }, true, StandardCharsets.UTF_8));
    }

    synchronized String text() {
      System.err.flush();
      return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      System.setErr(original);
    }
  }
}
