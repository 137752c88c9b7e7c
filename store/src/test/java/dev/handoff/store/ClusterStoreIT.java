package dev.handoff.store;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.RedisCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<RedisCluster> REDIS = RedisExtension.of(Redis.cluster(3, 1));

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }
}
