package dev.handoff.store;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.ReplicatedRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplicatedStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<ReplicatedRedis> REDIS = RedisExtension.of(Redis.replicated(2));

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }
}
