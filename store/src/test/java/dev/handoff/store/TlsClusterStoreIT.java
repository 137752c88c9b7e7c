package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.TlsMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole contract on a cluster that speaks TLS only and refuses what ElastiCache refuses: the
 * rules of ElastiCache Serverless by design (cluster protocol, TLS, no restricted command, every
 * script with its keys declared, no command on keys of two slots). Any of those broken would be an
 * error reply on some node, and none is allowed but the cluster's own redirections and NOSCRIPT.
 */
class TlsClusterStoreIT extends RedisStoreContract {

  @RegisterExtension
  static final RedisExtension<RedisCluster> REDIS =
      RedisExtension.of(Redis.cluster(3, 1).tls(TlsMode.SERVER_CERTIFICATE).elastiCacheRestrictions());

  @Override
  RedisTopology topology() {
    return REDIS.topology();
  }

  @AfterAll
  static void noNodeAnsweredAnError() {
    List<String> errors = new ArrayList<>();
    for (RedisNode primary : REDIS.topology().primaries()) {
      List<RedisNode> nodes = new ArrayList<>(List.of(primary));
      nodes.addAll(REDIS.topology().replicasOf(primary));
      for (RedisNode node : nodes) {
        try (RespClient admin = node.client()) {
          admin.string("INFO", "errorstats").lines()
              .filter(l -> l.startsWith("errorstat_") && !l.matches("errorstat_(NOSCRIPT|MOVED|ASK|TRYAGAIN):.*"))
              .forEach(l -> errors.add(node + ": " + l));
        }
      }
    }
    assertEquals(List.of(), errors, "error replies (CROSSSLOT, unknown command, ...)");
  }
}
