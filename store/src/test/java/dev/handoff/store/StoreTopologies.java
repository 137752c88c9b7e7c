package dev.handoff.store;

import dev.handoff.testkit.RedisCluster;
import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.RedisTopology;
import dev.handoff.testkit.ReplicatedRedis;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.SentinelRedis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Store settings for each testkit topology, and admin access to every data node. */
final class StoreTopologies {

  private StoreTopologies() {
  }

  /** Settings that reach {@code topology}, with a fresh namespace so tests never share keys. */
  static StoreConfig.Builder configFor(RedisTopology topology) {
    StoreConfig.Builder b = StoreConfig.builder().namespace("test-" + UUID.randomUUID().toString().substring(0, 8))
        .commandTimeout(java.time.Duration.ofSeconds(3)).expiryBuckets(4);
    if (topology instanceof StandaloneRedis s) {
      b.addresses(List.of(s.uri()));
    } else if (topology instanceof RedisCluster c) {
      b.addresses(c.uris()).topology(StoreConfig.Topology.CLUSTER);
    } else if (topology instanceof SentinelRedis s) {
      String scheme = s.tls().isPresent() ? "rediss://" : "redis://";
      b.addresses(s.sentinelAddresses().stream().map(a -> scheme + a).toList())
          .topology(StoreConfig.Topology.SENTINEL).sentinelMaster(SentinelRedis.MASTER_NAME);
    } else if (topology instanceof ReplicatedRedis r) {
      b.addresses(r.dataNodes().stream().map(RedisNode::uri).toList()).topology(StoreConfig.Topology.REPLICATED);
    }
    topology.tls().ifPresent((TlsFiles tls) -> b.trustStore(tls.trustStore(), tls.storePassword())
        .keyStore(tls.clientKeyStore(), tls.storePassword()));
    topology.aclUser().ifPresent(user -> b.username(user.name()).password(user.password()).keyPrefix(
        user.keyPrefix().endsWith(":") ? user.keyPrefix().substring(0, user.keyPrefix().length() - 1) : user.keyPrefix()));
    return b;
  }

  /** The running nodes that hold data (not Sentinels). */
  static List<RedisNode> dataNodes(RedisTopology topology) {
    List<RedisNode> nodes = new ArrayList<>();
    for (RedisNode node : topology.nodes()) {
      if (!node.isSentinel() && node.isRunning()) {
        nodes.add(node);
      }
    }
    return nodes;
  }

  /** Every key on the primaries (SCAN, as the admin user). */
  static List<String> allKeys(RedisTopology topology) {
    List<String> keys = new ArrayList<>();
    forEachKey(topology, (client, key) -> keys.add(key));
    return keys;
  }

  /** Every key of every primary, with a client of the primary that holds it (SCAN). */
  static void forEachKey(RedisTopology topology, java.util.function.BiConsumer<RespClient, String> action) {
    for (RedisNode node : dataNodes(topology)) {
      if (!"master".equals(node.role())) {
        continue;
      }
      try (RespClient c = node.client()) {
        String cursor = "0";
        do {
          List<?> reply = (List<?>) c.call("SCAN", cursor, "COUNT", "1000");
          cursor = String.valueOf(reply.get(0));
          for (Object key : (List<?>) reply.get(1)) {
            action.accept(c, String.valueOf(key));
          }
        } while (!cursor.equals("0"));
      }
    }
  }

  /** PTTL of a key, asked of the primary that holds it. */
  static long pttl(RedisTopology topology, String key) {
    for (RedisNode node : dataNodes(topology)) {
      if (!"master".equals(node.role())) {
        continue;
      }
      try (RespClient c = node.client()) {
        long ttl = c.integer("PTTL", key);
        if (ttl != -2) {
          return ttl;
        }
      } catch (RuntimeException moved) {
        // the key lives on another shard
      }
    }
    return -2;
  }

  /** A numeric field of a hash, asked of the primary that holds it; -1 when absent. */
  static long number(RedisTopology topology, String key, String field) {
    for (RedisNode node : dataNodes(topology)) {
      if (!"master".equals(node.role())) {
        continue;
      }
      try (RespClient c = node.client()) {
        Object value = c.call("HGET", key, field);
        if (value != null) {
          return Long.parseLong(value.toString());
        }
      } catch (RuntimeException moved) {
        // the key lives on another shard
      }
    }
    return -1;
  }

  /** Every key's name and, for hashes, every field and value, as redis-cli --scan and HGETALL show them. */
  static String dump(RedisTopology topology) {
    StringBuilder dump = new StringBuilder();
    forEachKey(topology, (c, key) -> {
      dump.append(key).append('\n');
      String type = String.valueOf(c.call("TYPE", key));
      List<?> parts = switch (type) {
        case "hash" -> (List<?>) c.call("HGETALL", key);
        case "zset" -> (List<?>) c.call("ZRANGE", key, "0", "-1");
        case "string" -> List.of(String.valueOf(c.call("GET", key)));
        default -> List.of();
      };
      parts.forEach(part -> dump.append("  ").append(part).append('\n'));
    });
    return dump.toString();
  }
}
