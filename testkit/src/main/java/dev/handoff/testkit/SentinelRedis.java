package dev.handoff.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Sentinels watching a primary and its replicas under the master name {@value #MASTER_NAME}. */
public final class SentinelRedis extends RedisTopology {

  /** The name the Sentinels know the primary by. */
  public static final String MASTER_NAME = "handoff";
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  private final List<RedisNode> dataNodes = new ArrayList<>();
  private final List<RedisNode> sentinels = new ArrayList<>();

  SentinelRedis(RedisOptions options, int sentinelCount, int replicas) {
    super(options);
    dataNodes.addAll(newPrimaryWithReplicas(replicas));
    RedisNode first = dataNodes.get(0);
    int quorum = sentinelCount / 2 + 1;
    for (int i = 1; i <= sentinelCount; i++) {
      List<String> config = new ArrayList<>(List.of(
          "sentinel monitor " + MASTER_NAME + " " + RedisNode.HOST + " " + first.port() + " " + quorum,
          "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
          "sentinel failover-timeout " + MASTER_NAME + " 10000",
          "sentinel parallel-syncs " + MASTER_NAME + " 1"));
      if (options.adminPassword() != null) {
        config.add("sentinel auth-user " + MASTER_NAME + " default");
        config.add("sentinel auth-pass " + MASTER_NAME + " " + options.adminPassword());
      }
      sentinels.add(newNode("sentinel-" + i, true, config, Ports.free()));
    }
    startOrCleanUp(() -> {
      dataNodes.forEach(RedisNode::start);
      sentinels.forEach(RedisNode::start);
      awaitSettled();
    });
  }

  /** The Sentinel processes. */
  public List<RedisNode> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The primary and replicas (the data nodes), running or not. */
  public List<RedisNode> dataNodes() {
    return List.copyOf(dataNodes);
  }

  /** The data node that the Sentinels currently name as primary. */
  public RedisNode primary() {
    String[] hostPort = masterAddressFrom(firstRunningSentinel());
    int port = Integer.parseInt(hostPort[1]);
    return dataNodes.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("Sentinels name an unknown primary " + port));
  }

  /** {@code redis-sentinel://} style list of Sentinel addresses, {@code host:port} each. */
  public List<String> sentinelAddresses() {
    return sentinels.stream().map(RedisNode::hostAndPort).toList();
  }

  /**
   * Asks the Sentinels for a failover ({@code SENTINEL FAILOVER}) and waits until every running
   * Sentinel names the new primary and that node answers as primary; returns the new primary.
   */
  public RedisNode failover() {
    RedisNode old = primary();
    await("a Sentinel to accept SENTINEL FAILOVER", SETTLE_TIMEOUT, () -> {
      try {
        firstRunningSentinel().admin("SENTINEL", "FAILOVER", MASTER_NAME);
        return true;
      } catch (RedisErrorReply e) {
        return false; // NOGOODSLAVE or INPROG while a replica is being discovered
      }
    });
    return awaitNewPrimary(old);
  }

  /** Waits until every running Sentinel names a primary other than {@code old}; returns it. */
  public RedisNode awaitNewPrimary(RedisNode old) {
    await("the Sentinels to promote a replica of " + old, SETTLE_TIMEOUT, () -> {
      for (RedisNode sentinel : sentinels) {
        if (sentinel.isRunning()
            && Integer.parseInt(masterAddressFrom(sentinel)[1]) == old.port()) {
          return false;
        }
      }
      return "master".equals(primary().role());
    });
    return primary();
  }

  @Override
  public String describe() {
    return sentinels.size() + " Sentinels watching a primary with " + (dataNodes.size() - 1)
        + " replicas" + suffix();
  }

  private void awaitSettled() {
    int replicas = dataNodes.size() - 1;
    await("every Sentinel to see " + replicas + " replicas and " + (sentinels.size() - 1)
        + " other Sentinels", SETTLE_TIMEOUT, () -> {
          for (RedisNode sentinel : sentinels) {
            List<?> seenReplicas = (List<?>) sentinel.admin("SENTINEL", "REPLICAS", MASTER_NAME);
            List<?> seenSentinels = (List<?>) sentinel.admin("SENTINEL", "SENTINELS", MASTER_NAME);
            if (seenReplicas.size() < replicas || seenSentinels.size() < sentinels.size() - 1) {
              return false;
            }
          }
          for (RedisNode replica : dataNodes.subList(1, dataNodes.size())) {
            try (RespClient c = replica.client()) {
              if (!"up".equals(c.info("replication", "master_link_status"))) {
                return false;
              }
            }
          }
          return true;
        });
  }

  private RedisNode firstRunningSentinel() {
    return sentinels.stream().filter(RedisNode::isRunning).findFirst()
        .orElseThrow(() -> new IllegalStateException("no Sentinel of " + describe() + " is running"));
  }

  private static String[] masterAddressFrom(RedisNode sentinel) {
    List<?> address = (List<?>) sentinel.admin("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
    return new String[] {(String) address.get(0), (String) address.get(1)};
  }
}
