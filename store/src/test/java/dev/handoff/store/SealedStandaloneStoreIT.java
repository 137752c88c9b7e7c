package dev.handoff.store;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.StandaloneRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole store contract with every value sealed by a sessionKey. */
class SealedStandaloneStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final String KEY = java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom()
      .generateSeed(32));

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }

  @Override
  protected StoreConfig.Builder newConfig() {
    return super.newConfig().sessionKey(KEY);
  }
}
