package dev.handoff.store;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.SentinelRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

class SentinelStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<SentinelRedis> REDIS = RedisExtension.of(Redis.sentinel(3, 1));

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }
}
