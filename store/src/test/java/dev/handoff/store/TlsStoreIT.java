package dev.handoff.store;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsMode;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone().tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED));

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }
}
