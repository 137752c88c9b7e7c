package dev.handoff.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A primary and its replicas (what ElastiCache calls cluster mode disabled). Which node is the
 * primary changes when a test {@link #promote promotes} a replica.
 */
public final class ReplicatedRedis extends RedisTopology {

  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisNode> dataNodes = new ArrayList<>();
  private volatile RedisNode primary;

  ReplicatedRedis(RedisOptions options, int replicas) {
    super(options);
    dataNodes.addAll(newPrimaryWithReplicas(replicas));
    RedisNode first = dataNodes.get(0);
    this.primary = first;
    startOrCleanUp(() -> {
      dataNodes.forEach(RedisNode::start);
      awaitReplicasLinked();
    });
  }

  /** The node that is primary now. */
  public RedisNode primary() {
    return primary;
  }

  /** Every node that is not the primary, running or not. */
  public List<RedisNode> replicas() {
    return dataNodes.stream().filter(n -> n != primary).toList();
  }

  /** The primary and then the replicas. */
  public List<RedisNode> dataNodes() {
    List<RedisNode> all = new ArrayList<>();
    all.add(primary);
    all.addAll(replicas());
    return all;
  }

  /**
   * Makes {@code replica} the primary: {@code REPLICAOF NO ONE} on it, then every other running
   * node replicates from it; returns once all of them are linked.
   */
  public void promote(RedisNode replica) {
    if (!dataNodes.contains(replica) || replica == primary) {
      throw new IllegalArgumentException(replica + " is not a replica of " + describe());
    }
    replica.admin("REPLICAOF", "NO", "ONE");
    primary = replica;
    for (RedisNode node : replicas()) {
      if (node.isRunning()) {
        node.admin("REPLICAOF", RedisNode.HOST, Integer.toString(replica.port()));
      }
    }
    awaitReplicasLinked();
  }

  /**
   * Brings a stopped or killed node back as a replica of the current primary (a node that was
   * primary before a promotion would otherwise come back as a second primary).
   */
  public void rejoin(RedisNode node) {
    if (node == primary) {
      throw new IllegalArgumentException(node + " is the primary; promote another node first");
    }
    node.restart();
    node.admin("REPLICAOF", RedisNode.HOST, Integer.toString(primary.port()));
    awaitReplicasLinked();
  }

  /** Waits until every running replica has the primary's replication offset. */
  public void awaitReplicated() {
    await("replicas to reach the primary's replication offset", SYNC_TIMEOUT, () -> {
      long offset;
      try (RespClient c = primary.client()) {
        offset = Long.parseLong(c.info("replication", "master_repl_offset"));
      }
      for (RedisNode replica : replicas()) {
        if (replica.isRunning()) {
          try (RespClient c = replica.client()) {
            if (Long.parseLong(c.info("replication", "slave_repl_offset")) < offset) {
              return false;
            }
          }
        }
      }
      return true;
    });
  }

  /** Waits until every running replica reports its link to the primary up. */
  public void awaitReplicasLinked() {
    await("every running replica linked to " + primary, SYNC_TIMEOUT, () -> {
      for (RedisNode replica : replicas()) {
        if (replica.isRunning()) {
          try (RespClient c = replica.client()) {
            if (!"up".equals(c.info("replication", "master_link_status"))
                || !Integer.toString(primary.port()).equals(c.info("replication", "master_port"))) {
              return false;
            }
          }
        }
      }
      return true;
    });
  }

  @Override
  public String describe() {
    return "primary with " + replicas().size() + " replicas" + suffix();
  }
}
