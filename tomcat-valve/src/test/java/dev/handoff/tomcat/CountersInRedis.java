package dev.handoff.tomcat;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.store.SessionStore;
import dev.handoff.store.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The test's own store on the nodes' Redis (namespace {@code localhost/app}, the test key), to read
 * what Redis itself holds of a session, not what a node serves.
 */
final class CountersInRedis implements AutoCloseable {

  private final SessionStore store;
  private final AttributeSerializer serializer;

  CountersInRedis(String redisUri) {
    Settings settings = Settings.parse(TomcatFleet.withTestKey(Map.of("address", redisUri)),
        b -> b.namespace("localhost/app"));
    this.serializer = AttributeSerializer.create(settings.serializationConfig());
    this.store = SessionStore.open(settings.storeConfig());
  }

  /** The session's counter as Redis holds it; null when Redis holds no such session. */
  Object counter(String sessionId) {
    return store.load(sessionId).map(r -> serializer.decode(r.attributes().get("counter"),
        CountersInRedis.class.getClassLoader())).orElse(null);
  }

  boolean exists(String sessionId) {
    return store.exists(sessionId);
  }

  /** Polls (up to 30 s) until each session's counter is the one given; returns the counters last seen. */
  Map<String, Object> await(Map<String, Object> expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    Map<String, Object> seen = new LinkedHashMap<>();
    while (true) {
      expected.keySet().forEach(id -> seen.put(id, counter(id)));
      boolean all = expected.entrySet().stream().allMatch(e -> Objects.equals(e.getValue(), seen.get(e.getKey())));
      if (all || System.currentTimeMillis() > deadline) {
        return seen;
      }
      Thread.sleep(500);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
