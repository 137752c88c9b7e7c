package dev.handoff.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a {@link StoreConfig} to a Redisson {@link Config}.
 *
 * <p>With a {@code redissonConfig} YAML file, that file is the whole client configuration: its
 * servers section replaces address and topology, and Handoff's own client settings (timeouts,
 * retries, credentials, TLS, pool sizes, read mode) are not applied on top of it. The one
 * exception is {@code lazyInitialization}, always on.
 *
 * <p>Clients are always lazy: creating one never touches the network, so a store can start while
 * Redis is down, and {@link StartupCheck} alone decides, within a bounded time, whether an
 * unreachable Redis fails the start (failFast) or not. (failFast is not part of the connection
 * identity, so a client shared by several stores must not depend on it.)
 *
 * <p>Nothing here makes Redisson send CONFIG, KEYS or any command ElastiCache restricts.
 */
final class RedissonConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(RedissonConfigs.class);

  /** Connections a servlet container keeps open per node even when idle: enough for a first burst. */
  static final int MINIMUM_IDLE = 2;
  /** Upper bound per node; requests beyond it queue until a connection is free. */
  static final int POOL_SIZE = 32;
  /**
   * Event-loop threads of the shared client: one per CPU (at least 2). Redisson's default (32)
   * made every command wake another thread; on a 2-core machine the read-only page served 0.23x
   * of Tomcat's in-memory throughput with 32, 0.28x with 4 and 0.33x with 2 (bin/bench-load
   * --parts load --direct --configurations tomcat-memory,handoff-sticky --pages session).
   */
  static final int NETTY_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** Pub/sub connections are opened on first subscription only. */
  static final int SUBSCRIPTION_POOL_SIZE = 8;

  private RedissonConfigs() {
  }

  /**
   * The Redisson configuration for this store config.
   *
   * @throws IllegalArgumentException when the redissonConfig file cannot be read or parsed
   */
  static Config of(StoreConfig config) {
    if (config.redissonConfig() != null) {
      return fromYaml(config);
    }
    Config redisson = new Config();
    redisson.setUseScriptCache(true);
    redisson.setNettyThreads(NETTY_THREADS);
    redisson.setLazyInitialization(true);
    credentials(config, redisson);
    if (config.usesTls()) {
      tls(config, redisson);
    }
    switch (config.topology()) {
      case SINGLE -> common(config, redisson.useSingleServer()
          .setAddress(config.addresses().get(0))
          .setConnectionMinimumIdleSize(MINIMUM_IDLE)
          .setConnectionPoolSize(POOL_SIZE)
          .setSubscriptionConnectionMinimumIdleSize(0)
          .setSubscriptionConnectionPoolSize(SUBSCRIPTION_POOL_SIZE));
      case REPLICATED -> {
        var servers = redisson.useReplicatedServers();
        servers.setNodeAddresses(config.addresses());
        masterSlave(config, servers);
      }
      case CLUSTER -> {
        var servers = redisson.useClusterServers();
        servers.setNodeAddresses(config.addresses());
        masterSlave(config, servers);
      }
      case SENTINEL -> {
        var servers = redisson.useSentinelServers().setMasterName(config.sentinelMaster());
        servers.setSentinelAddresses(config.addresses());
        masterSlave(config, servers);
      }
    }
    return redisson;
  }

  /** Redisson's read mode for the store's readFrom. */
  static ReadMode readMode(StoreConfig.ReadFrom readFrom) {
    return readFrom == StoreConfig.ReadFrom.REPLICA ? ReadMode.SLAVE : ReadMode.MASTER;
  }

  /** Redisson's verification mode for the store's tlsVerification. */
  static SslVerificationMode verificationMode(StoreConfig.TlsVerification verification) {
    return switch (verification) {
      case STRICT -> SslVerificationMode.STRICT;
      case CA_ONLY -> SslVerificationMode.CA_ONLY;
      case NONE -> SslVerificationMode.NONE;
    };
  }

  private static Config fromYaml(StoreConfig config) {
    Path yaml = config.redissonConfig();
    Config redisson;
    try {
      redisson = Config.fromYAML(yaml.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("redissonConfig = " + yaml + ": not a Redisson YAML configuration: " + e, e);
    }
    redisson.setLazyInitialization(true);
    return redisson;
  }

  private static void masterSlave(StoreConfig config, BaseMasterSlaveServersConfig<?> servers) {
    common(config, servers);
    servers.setReadMode(readMode(config.readFrom()))
        .setMasterConnectionMinimumIdleSize(MINIMUM_IDLE)
        .setMasterConnectionPoolSize(POOL_SIZE)
        // Replica connections serve reads only with readFrom=replica; otherwise keep one for failover.
        .setSlaveConnectionMinimumIdleSize(config.readFrom() == StoreConfig.ReadFrom.REPLICA ? MINIMUM_IDLE : 1)
        .setSlaveConnectionPoolSize(POOL_SIZE)
        .setSubscriptionConnectionMinimumIdleSize(0)
        .setSubscriptionConnectionPoolSize(SUBSCRIPTION_POOL_SIZE);
  }

  private static void common(StoreConfig config, BaseConfig<?> servers) {
    servers.setConnectTimeout(millis(config.connectTimeout()))
        .setTimeout(millis(RedisCalls.attemptTimeout(config)))
        .setRetryAttempts(config.retryAttempts())
        .setRetryDelay(new ConstantDelay(config.retryInterval()));
  }

  private static void credentials(StoreConfig config, Config redisson) {
    CredentialsProvider provider = config.iam() != null ? IamTokens.withDefaultChain(config.iam())
        : config.credentialsProvider();
    if (provider != null) {
      redisson.setCredentialsResolver(new CredentialsRenewal(provider, config.namespace()));
      return;
    }
    if (config.password() != null) {
      redisson.setPassword(config.password());
      redisson.setUsername(config.username());
    } else if (config.username() != null) {
      // A user without a password: Redisson sends AUTH only when a password is set, so an
      // ACL user with nopass needs an empty one.
      redisson.setUsername(config.username());
      redisson.setPassword("");
    }
  }

  private static void tls(StoreConfig config, Config redisson) {
    redisson.setSslVerificationMode(verificationMode(config.tlsVerification()));
    if (config.tlsVerification() == StoreConfig.TlsVerification.NONE) {
      LOG.warn("[{}] tlsVerification=none: the Redis server's certificate is not checked; anyone on the"
          + " network path can read and change sessions. Use strict or ca-only in production.", config.namespace());
    }
    if (config.trustStore() != null) {
      redisson.setSslTruststore(url(config.trustStore()));
      redisson.setSslTruststorePassword(config.trustStorePassword());
    }
    if (config.keyStore() != null) {
      redisson.setSslKeystore(url(config.keyStore()));
      redisson.setSslKeystorePassword(config.keyStorePassword());
    }
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }
}
