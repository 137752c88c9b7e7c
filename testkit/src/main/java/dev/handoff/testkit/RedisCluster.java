package dev.handoff.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Redis Cluster (ElastiCache cluster mode enabled): {@code shards} primaries that split the
 * 16384 slots evenly, each with its replicas, built with CLUSTER MEET / ADDSLOTSRANGE / REPLICATE.
 */
public final class RedisCluster extends RedisTopology {

  /** Number of hash slots in a Redis Cluster. */
  public static final int SLOTS = 16384;
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);

  private final int shards;
  private final int replicasPerShard;
  private final List<RedisNode> clusterNodes = new ArrayList<>();
  private final Map<RedisNode, Integer> busPorts = new HashMap<>();

  RedisCluster(RedisOptions options, int shards, int replicasPerShard) {
    super(options);
    this.shards = shards;
    this.replicasPerShard = replicasPerShard;
    int count = shards * (1 + replicasPerShard);
    for (int i = 0; i < count; i++) {
      int busPort = Ports.free();
      List<String> config = new ArrayList<>(List.of(
          "cluster-enabled yes",
          "cluster-config-file nodes.conf",
          "cluster-node-timeout 2000",
          "cluster-port " + busPort,
          "cluster-allow-replica-migration no",
          "cluster-replica-validity-factor 0",
          "repl-ping-replica-period 1"));
      if (options.usesTls()) {
        config.add("tls-cluster yes");
      }
      RedisNode node = newNode("node-" + (i + 1), false, config, Ports.free());
      clusterNodes.add(node);
      busPorts.put(node, busPort);
    }
    startOrCleanUp(() -> {
      clusterNodes.forEach(RedisNode::start);
      form();
    });
  }

  /** The node that currently serves {@code slot} as primary. */
  public RedisNode primaryOf(int slot) {
    try (RespClient c = anyRunning().client()) {
      for (Object range : (List<?>) c.call("CLUSTER", "SLOTS")) {
        List<?> r = (List<?>) range;
        if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
          int port = ((Long) ((List<?>) r.get(2)).get(1)).intValue();
          return byPort(port);
        }
      }
    }
    throw new IllegalStateException("no node serves slot " + slot + " in " + describe());
  }

  /** The running nodes that answer ROLE as primary. */
  public List<RedisNode> primaries() {
    return clusterNodes.stream().filter(RedisNode::isRunning).filter(n -> "master".equals(n.role())).toList();
  }

  /** The running replicas of {@code primary}. */
  public List<RedisNode> replicasOf(RedisNode primary) {
    List<RedisNode> replicas = new ArrayList<>();
    for (RedisNode node : clusterNodes) {
      if (node != primary && node.isRunning()) {
        List<?> role = (List<?>) node.admin("ROLE");
        if ("slave".equals(role.get(0)) && ((Long) role.get(2)).intValue() == primary.port()) {
          replicas.add(node);
        }
      }
    }
    return replicas;
  }

  /** Seed addresses for a cluster client: every node's {@code redis://host:port}. */
  public List<String> uris() {
    return clusterNodes.stream().map(RedisNode::uri).toList();
  }

  /**
   * Manual failover: {@code CLUSTER FAILOVER} on {@code replica}, then waits until it is primary
   * and the cluster is healthy again.
   */
  public void failover(RedisNode replica) {
    replica.admin("CLUSTER", "FAILOVER");
    awaitPrimary(replica);
  }

  /** Waits until {@code node} answers as primary and every running node reports the cluster ok. */
  public void awaitPrimary(RedisNode node) {
    await(node + " to become primary", FORM_TIMEOUT, () -> "master".equals(node.role()));
    String id = (String) node.admin("CLUSTER", "MYID");
    await("every running node to see " + node + " as primary", FORM_TIMEOUT, () -> {
      for (RedisNode other : clusterNodes) {
        if (other.isRunning()) {
          String nodes = (String) other.admin("CLUSTER", "NODES");
          boolean seen = nodes.lines().anyMatch(l -> l.startsWith(id + " ") && l.contains("master"));
          if (!seen) {
            return false;
          }
        }
      }
      return true;
    });
    awaitHealthy();
  }

  /** Waits until every running node reports {@code cluster_state:ok} with all slots covered. */
  public void awaitHealthy() {
    await("cluster_state:ok with " + SLOTS + " slots on every running node", FORM_TIMEOUT, () -> {
      for (RedisNode node : clusterNodes) {
        if (node.isRunning()) {
          String info = (String) node.admin("CLUSTER", "INFO");
          if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:" + SLOTS)) {
            return false;
          }
        }
      }
      return true;
    });
  }

  @Override
  public String describe() {
    return "cluster of " + shards + " shards x " + replicasPerShard + " replica(s)" + suffix();
  }

  private void form() {
    RedisNode first = clusterNodes.get(0);
    for (RedisNode node : clusterNodes.subList(1, clusterNodes.size())) {
      first.admin("CLUSTER", "MEET", RedisNode.HOST, Integer.toString(node.port()),
          Integer.toString(busPorts.get(node)));
    }
    for (int shard = 0; shard < shards; shard++) {
      int from = shard * SLOTS / shards;
      int to = (shard + 1) * SLOTS / shards - 1;
      clusterNodes.get(shard).admin("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
    }
    await("every node to know all " + clusterNodes.size() + " nodes", FORM_TIMEOUT, () -> {
      for (RedisNode node : clusterNodes) {
        String nodes = (String) node.admin("CLUSTER", "NODES");
        long known = nodes.lines().filter(l -> !l.contains("handshake") && !l.contains("noaddr")).count();
        if (known < clusterNodes.size()) {
          return false;
        }
      }
      return true;
    });
    for (int i = shards; i < clusterNodes.size(); i++) {
      RedisNode primary = clusterNodes.get((i - shards) % shards);
      String primaryId = (String) primary.admin("CLUSTER", "MYID");
      RedisNode replica = clusterNodes.get(i);
      await(replica + " to accept CLUSTER REPLICATE", FORM_TIMEOUT, () -> {
        replica.admin("CLUSTER", "REPLICATE", primaryId);
        return true;
      });
    }
    awaitHealthy();
    int replicas = clusterNodes.size() - shards;
    // CLUSTER SLOTS lists a replica only once its replication offset, gossiped, is above zero.
    await("CLUSTER SLOTS on every node to list all " + replicas + " replicas", FORM_TIMEOUT, () -> {
      for (RedisNode node : clusterNodes) {
        int listed = 0;
        for (Object range : (List<?>) node.admin("CLUSTER", "SLOTS")) {
          listed += ((List<?>) range).size() - 3;
        }
        if (listed < replicas) {
          return false;
        }
      }
      return true;
    });
    await("every replica linked to its primary", FORM_TIMEOUT, () -> {
      for (RedisNode node : clusterNodes.subList(shards, clusterNodes.size())) {
        try (RespClient c = node.client()) {
          if (!"up".equals(c.info("replication", "master_link_status"))) {
            return false;
          }
        }
      }
      return true;
    });
  }

  private RedisNode byPort(int port) {
    return clusterNodes.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node on port " + port));
  }

  private RedisNode anyRunning() {
    return clusterNodes.stream().filter(RedisNode::isRunning).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of " + describe() + " is running"));
  }
}
