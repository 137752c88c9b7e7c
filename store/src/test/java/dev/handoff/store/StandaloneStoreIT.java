package dev.handoff.store;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.StandaloneRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }
}
