package dev.handoff.store;

import dev.handoff.testkit.MemcachedServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on Memcached: two real memcached servers (the client spreads the sessions
 * over them), every test in a namespace of its own, sessions sealed as in production.
 */
class MemcachedStoreIT extends SessionStoreContract {

  private static MemcachedServer first;
  private static MemcachedServer second;

  @BeforeAll
  static void startServers() {
    first = MemcachedServer.start("contract-1");
    second = MemcachedServer.start("contract-2");
  }

  @AfterAll
  static void stopServers() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @Override
  protected StoreConfig.Builder newConfig() {
    return StoreConfig.builder().namespace("test-" + UUID.randomUUID().toString().substring(0, 8))
        .addresses(List.of(first.uri(), second.uri())).commandTimeout(java.time.Duration.ofSeconds(3))
        .expiryBuckets(4).sessionKey(dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY);
  }

  @Override
  protected SessionStore open(StoreConfig config) {
    return SessionStore.open(config);
  }
}
