package dev.handoff.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Handoff settings (as an administrator writes them: {@code address}, {@code topology},
 * {@code trustStore}...) that reach a running topology, for tests of every adapter.
 */
public final class HandoffSettings {

  /**
   * The sessionKey the tests use by default (32 bytes, base64): every test seals sessions as a
   * production setup should. Published here, so never a key to use anywhere else.
   */
  public static final String TEST_SESSION_KEY = "dGVzdHMtb25seS1zZXNzaW9uLWtleS0zMi1ieXRlcyE=";

  private HandoffSettings() {
  }

  /** Setting name to text value, in the vocabulary of the Tomcat manager's attributes. */
  public static Map<String, String> forTopology(RedisTopology redis) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("sessionKey", TEST_SESSION_KEY);
    if (redis instanceof StandaloneRedis s) {
      a.put("address", s.uri());
    } else if (redis instanceof ReplicatedRedis r) {
      a.put("address", r.dataNodes().stream().map(RedisNode::uri).collect(Collectors.joining(",")));
      a.put("topology", "replicated");
    } else if (redis instanceof SentinelRedis s) {
      String scheme = s.tls().isPresent() ? "rediss://" : "redis://";
      a.put("address", s.sentinelAddresses().stream().map(x -> scheme + x).collect(Collectors.joining(",")));
      a.put("topology", "sentinel");
      a.put("sentinelMaster", SentinelRedis.MASTER_NAME);
    } else if (redis instanceof RedisCluster c) {
      a.put("address", String.join(",", c.uris()));
      a.put("topology", "cluster");
    }
    redis.tls().ifPresent(tls -> {
      a.put("trustStore", tls.trustStore().toString());
      a.put("trustStorePassword", tls.storePassword());
      a.put("keyStore", tls.clientKeyStore().toString());
      a.put("keyStorePassword", tls.storePassword());
    });
    redis.aclUser().ifPresent(user -> {
      a.put("username", user.name());
      a.put("password", user.password());
    });
    return a;
  }
}
