package dev.handoff.store;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redisson client per distinct connection identity per JVM ({@link
 * StoreConfig#connectionIdentity()}), shared by every store with the same Redis settings (several
 * webapps of one Tomcat, say) and reference-counted: the last {@link RedisConnection#close()}
 * shuts the client down. Thread-safe.
 */
final class RedisConnections {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);

  /** Guarded by itself. A client is created outside this lock: an eager start may wait for connectTimeout. */
  private static final Map<Object, Shared> CLIENTS = new HashMap<>();

  private RedisConnections() {
  }

  /**
   * A handle on the client for this config's connection, creating the client if none is open,
   * then checking the server ({@link StartupCheck}).
   *
   * @throws IllegalStateException with failFast, when Redis cannot be reached (the message names
   *     the addresses and the cause); or, whatever failFast, when the client cannot be created
   *     from the settings
   */
  static RedisConnection acquire(StoreConfig config) {
    Shared shared;
    synchronized (CLIENTS) {
      shared = CLIENTS.computeIfAbsent(config.connectionIdentity(), Shared::new);
      shared.references++;
    }
    RedisConnection connection = null;
    try {
      connection = new RedisConnection(shared.client(config), config, () -> release(shared));
      StartupCheck.run(connection);
      return connection;
    } catch (RuntimeException | Error e) {
      if (connection != null) {
        connection.close();
      } else {
        release(shared);
      }
      throw e;
    }
  }

  /** How many clients are open (or being created), for tests. */
  static int openClients() {
    synchronized (CLIENTS) {
      return CLIENTS.size();
    }
  }

  private static void release(Shared shared) {
    boolean last;
    synchronized (CLIENTS) {
      last = --shared.references == 0;
      if (last) {
        CLIENTS.remove(shared.identity, shared);
      }
    }
    if (last) {
      // Outside the lock: shutdown waits for Netty's threads.
      shared.shutdown();
    }
  }

  private static String describe(StoreConfig config) {
    if (config.redissonConfig() != null) {
      return "redissonConfig=" + config.redissonConfig();
    }
    return String.join(",", config.addresses()) + " (topology " + lower(config.topology())
        + (config.topology() == StoreConfig.Topology.SENTINEL ? ", master " + config.sentinelMaster() : "")
        + (config.usesTls() ? ", tlsVerification " + lower(config.tlsVerification()) : "")
        + (config.username() == null ? "" : ", user " + config.username()) + ")";
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** One client and the number of handles on it; references are guarded by CLIENTS. */
  private static final class Shared {
    final Object identity;
    int references;
    private RedissonClient client;

    Shared(Object identity) {
      this.identity = identity;
    }

    synchronized RedissonClient client(StoreConfig config) {
      if (client == null) {
        client = create(config);
        LOG.info("[{}] new Redis client for {}", config.namespace(), describe(config));
      } else {
        LOG.info("[{}] sharing the open Redis client for {}", config.namespace(), describe(config));
      }
      return client;
    }

    synchronized void shutdown() {
      if (client != null) {
        client.shutdown();
        closeCredentials(client.getConfig());
        client = null;
      }
    }

    /** Stops the renewal of the client's credentials, if it renews them. */
    private static void closeCredentials(org.redisson.config.Config redisson) {
      if (redisson.getCredentialsResolver() instanceof CredentialsRenewal renewal) {
        renewal.close();
      }
    }

    private static RedissonClient create(StoreConfig config) {
      org.redisson.config.Config redisson = RedissonConfigs.of(config);
      try {
        return Redisson.create(redisson);
      } catch (RuntimeException e) {
        closeCredentials(redisson);
        // The client is lazy: this fails on settings Redisson rejects (a trust store it cannot
        // read, say), never because Redis is down.
        throw new IllegalStateException("[" + config.namespace() + "] cannot create the Redis client for "
            + describe(config) + ": " + StartupCheck.causes(e), e);
      }
    }
  }
}
