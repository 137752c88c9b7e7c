package dev.handoff.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNode.InfoSection;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store checks once its connection is acquired: that every primary answers PING within
 * connectTimeout + commandTimeout, and that the primaries will not evict sessions under memory
 * pressure. Sends PING and {@code INFO memory} only, both allowed on ElastiCache.
 */
final class StartupCheck {

  private static final Logger LOG = LoggerFactory.getLogger(StartupCheck.class);

  private StartupCheck() {
  }

  /**
   * Checks the server behind a freshly acquired connection.
   *
   * @throws IllegalStateException with failFast, when Redis cannot be reached; the message names
   *     the address(es) and the cause
   */
  static void run(RedisConnection connection) {
    StoreConfig config = connection.config();
    List<RedisNode> primaries;
    try {
      primaries = reachablePrimaries(connection.client(), config);
    } catch (RuntimeException e) {
      unreachable(config, e);
      return;
    }
    LOG.info("[{}] connected to Redis at {}", config.namespace(), describe(primaries));
    checkEviction(config, primaries);
  }

  /** Throws with failFast, else warns: the store starts and connects when Redis comes up. */
  static void unreachable(StoreConfig config, Throwable cause) {
    String message = "cannot reach Redis at " + servers(config) + ": " + causes(cause) + hint(config, cause);
    if (config.failFast()) {
      throw new IllegalStateException("[" + config.namespace() + "] " + message + " (failFast=true)", cause);
    }
    LOG.warn("[{}] {}; starting anyway (failFast=false): sessions are served from memory until Redis answers",
        config.namespace(), message);
  }

  /**
   * The primaries, once each answered PING. The client is lazy: this is where it connects, and a
   * server that accepts TCP but never answers (a black hole, a refused client certificate) would
   * keep Redisson waiting through all its retries, so the whole check gets connectTimeout plus
   * commandTimeout, on a thread of its own.
   */
  private static List<RedisNode> reachablePrimaries(RedissonClient client, StoreConfig config) {
    Duration budget = config.connectTimeout().plus(config.commandTimeout());
    CompletableFuture<List<RedisNode>> check = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        check.complete(pingPrimaries(client, config));
      } catch (Throwable e) {
        check.completeExceptionally(e);
      }
    }, "handoff-startup-check");
    thread.setDaemon(true);
    thread.start();
    try {
      return check.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + Durations.format(budget) + " (connectTimeout + commandTimeout)");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting", e);
    }
  }

  private static List<RedisNode> pingPrimaries(RedissonClient client, StoreConfig config) {
    List<RedisNode> primaries = primaries(client);
    if (primaries.isEmpty()) {
      throw new IllegalStateException("no primary known");
    }
    for (RedisNode node : primaries) {
      if (!node.ping(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(address(node) + " did not answer PING within " + Durations.format(config.connectTimeout()));
      }
    }
    return primaries;
  }

  private static List<RedisNode> primaries(RedissonClient client) {
    Config redisson = client.getConfig();
    if (redisson.isClusterConfig()) {
      return new ArrayList<>(client.getRedisNodes(RedisNodes.CLUSTER).getMasters());
    }
    if (redisson.isSentinelConfig()) {
      return listOf(client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
    }
    if (redisson.isSingleConfig()) {
      return listOf(client.getRedisNodes(RedisNodes.SINGLE).getInstance());
    }
    return listOf(client.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
  }

  private static List<RedisNode> listOf(RedisNode node) {
    return node == null ? List.of() : List.of(node);
  }

  /**
   * Warns when a primary may evict sessions: any maxmemory-policy but noeviction. ElastiCache's
   * default, volatile-lru, evicts keys with a TTL first, and every session key has one.
   */
  private static void checkEviction(StoreConfig config, List<RedisNode> primaries) {
    for (RedisNode node : primaries) {
      Map<String, String> memory;
      try {
        memory = node.info(InfoSection.MEMORY);
      } catch (RuntimeException e) {
        if (String.valueOf(e.getMessage()).contains("NOPERM")) {
          LOG.info("[{}] INFO refused to user {} ({}); maxmemory-policy not checked", config.namespace(),
              config.username(), redisMessage(e.getMessage()));
        } else {
          LOG.info("[{}] INFO memory failed on {} ({}); maxmemory-policy not checked", config.namespace(),
              node.getAddr(), causes(e));
        }
        return;
      }
      String policy = memory.get("maxmemory_policy");
      if (policy != null && !policy.equals("noeviction")) {
        LOG.warn("[{}] Redis at {} has maxmemory-policy {} (maxmemory {}): under memory pressure it evicts keys,"
                + " and every session key has a TTL, so users get logged out silently. Set maxmemory-policy"
                + " to noeviction (on ElastiCache: in the parameter group).", config.namespace(), address(node),
            policy, memory.getOrDefault("maxmemory_human", memory.get("maxmemory")));
      }
    }
  }

  private static String servers(StoreConfig config) {
    return config.redissonConfig() != null
        ? "the servers of redissonConfig=" + config.redissonConfig()
        : String.join(",", config.addresses());
  }

  private static String describe(List<RedisNode> nodes) {
    return nodes.stream().map(StartupCheck::address).toList().toString();
  }

  private static String address(RedisNode node) {
    return node.getAddr().getHostString() + ":" + node.getAddr().getPort();
  }

  /** Every distinct message of the cause chain: Redisson wraps the TLS or socket error that matters. */
  static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getCause() != null && String.valueOf(t.getCause()).equals(t.getMessage())) {
        continue; // a wrapper such as ExecutionException that only repeats its cause
      }
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return text.toString();
  }

  private static String hint(StoreConfig config, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
        return " (TLS handshake failed: check trustStore, keyStore and tlsVerification)";
      }
      if (config.iam() != null && String.valueOf(t.getMessage()).contains("WRONGPASS")) {
        return " (the cache refused the IAM token: check that the user " + config.username() + " is IAM-enabled,"
            + " that the AWS credentials' policy allows elasticache:Connect on the cache and the user, and that"
            + " iamCache, iamServerless and iamRegion name the cache)";
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return "";
  }

  /** A Redis error reply without what Redisson appends (channel, command, promise). */
  private static String redisMessage(String message) {
    String line = firstLine(message);
    int channel = line.indexOf(". channel: ");
    return channel < 0 ? line : line.substring(0, channel);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
