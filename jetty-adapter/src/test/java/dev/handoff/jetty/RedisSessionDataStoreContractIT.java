package dev.handoff.jetty;

import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStoreFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jetty's contract suite against a real Redis. Each test gets its own key prefix, so the sweeps of
 * one test never see another's sessions; the hooks that ask what is in storage read the hash's key
 * by the schema (docs/schema.md).
 */
class RedisSessionDataStoreContractIT extends HandoffSessionDataStoreContract {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private final String keyPrefix = "contract-" + UUID.randomUUID().toString().substring(0, 8);

  RedisSessionDataStoreContractIT() throws Exception {
    super();
  }

  @Override
  public SessionDataStoreFactory createSessionDataStoreFactory() {
    return new RedisSessionDataStoreFactory(REDIS.topology().uri()).set("keyPrefix", keyPrefix);
  }

  @Override
  SessionStore open(StoreConfig.Builder config) {
    return SessionStore.open(config.addresses(List.of(REDIS.topology().uri())).keyPrefix(keyPrefix).build());
  }

  @Override
  boolean namesExpiredByStandIn() {
    return true;
  }

  @Override
  boolean holds(String namespace, SessionData data) throws Exception {
    try (RespClient redis = REDIS.topology().node().client()) {
      return redis.integer("EXISTS", key(namespace, data)) == 1;
    }
  }

  /** The creation time, a field of the store's own, set to the start of a Java serialization stream. */
  @Override
  void makeUnreadable(String namespace, SessionData data) throws Exception {
    try (RespClient redis = REDIS.topology().node().client()) {
      redis.integer("HSET", key(namespace, data), "ct", "\u00ac\u00ed\u0000\u0005sr");
    }
  }

  /** The key of the data's hash, by the schema. */
  private String key(String namespace, SessionData data) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest((namespace + '\u0000' + data.getId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return keyPrefix + ":" + namespace.replaceAll("[{}\\s]", "_") + ":s2:{"
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "}";
  }
}
