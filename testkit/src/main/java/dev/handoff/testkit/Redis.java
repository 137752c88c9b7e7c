package dev.handoff.testkit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Starts real Redis topologies for tests, on free loopback ports:
 *
 * <pre>{@code
 * try (StandaloneRedis redis = Redis.standalone().start()) { ... }
 * try (RedisCluster cluster = Redis.cluster(3, 1).tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED).start()) { ... }
 * }</pre>
 *
 * Every topology accepts the same options: TLS, a prefix-limited ACL user, the ElastiCache
 * command restrictions and append-only persistence.
 */
public final class Redis {

  private Redis() {
  }

  /** One server. */
  public static Builder<StandaloneRedis> standalone() {
    return new Builder<>("standalone", StandaloneRedis::new);
  }

  /** A primary with {@code replicas} replicas, as ElastiCache cluster mode disabled. */
  public static Builder<ReplicatedRedis> replicated(int replicas) {
    requireAtLeast("replicas", replicas, 1);
    return new Builder<>("replicated", options -> new ReplicatedRedis(options, replicas));
  }

  /** {@code sentinels} Sentinels watching a primary with {@code replicas} replicas. */
  public static Builder<SentinelRedis> sentinel(int sentinels, int replicas) {
    requireAtLeast("sentinels", sentinels, 1);
    requireAtLeast("replicas", replicas, 1);
    return new Builder<>("sentinel", options -> new SentinelRedis(options, sentinels, replicas));
  }

  /** A Redis Cluster of {@code shards} primaries with {@code replicasPerShard} replicas each. */
  public static Builder<RedisCluster> cluster(int shards, int replicasPerShard) {
    requireAtLeast("shards", shards, 3);
    requireAtLeast("replicasPerShard", replicasPerShard, 0);
    return new Builder<>("cluster", options -> new RedisCluster(options, shards, replicasPerShard));
  }

  private static void requireAtLeast(String setting, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(setting + " = " + value + ": must be at least " + minimum);
    }
  }

  /**
   * The options of a topology before it starts. Each call returns this builder.
   *
   * @param <T> the topology it starts
   */
  public static final class Builder<T extends RedisTopology> {
    private final Function<RedisOptions, T> starter;
    private String name;
    private TlsMode tls = TlsMode.NONE;
    private AclUser aclUser;
    private boolean elastiCacheLike;
    private boolean appendOnly;

    private Builder(String name, Function<RedisOptions, T> starter) {
      this.name = name;
      this.starter = starter;
    }

    /** Name used for the directory and in logs. */
    public Builder<T> name(String name) {
      if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("name = '" + name + "': use letters, digits, '.', '_' or '-'");
      }
      this.name = name;
      return this;
    }

    /** Every node speaks TLS only, with certificates generated for this run. */
    public Builder<T> tls(TlsMode mode) {
      this.tls = java.util.Objects.requireNonNull(mode, "tls");
      return this;
    }

    /**
     * Adds a user that may only touch keys and channels starting with {@code keyPrefix}; the
     * {@code default} user then needs a password too (see {@link RedisTopology#adminPassword()}).
     */
    public Builder<T> aclUser(String user, String password, String keyPrefix) {
      if (user == null || user.isBlank() || user.equals("default") || password == null
          || password.isEmpty() || keyPrefix == null || keyPrefix.isEmpty()) {
        throw new IllegalArgumentException("aclUser: needs a user other than 'default', a password"
            + " and a non-empty key prefix (got user='" + user + "', keyPrefix='" + keyPrefix + "')");
      }
      this.aclUser = new AclUser(user, password, keyPrefix);
      return this;
    }

    /**
     * Renames away the commands ElastiCache refuses (CONFIG, SHUTDOWN, SAVE, BGSAVE,
     * BGREWRITEAOF, DEBUG, MIGRATE, REPLICAOF, SLAVEOF, SYNC), so a client that sends one fails.
     */
    public Builder<T> elastiCacheRestrictions() {
      this.elastiCacheLike = true;
      return this;
    }

    /** Every write goes to an append-only file (fsync always), so a restart keeps the data. */
    public Builder<T> appendOnly() {
      this.appendOnly = true;
      return this;
    }

    /** Starts the topology and waits until it is fully up (replication linked, slots covered). */
    public T start() {
      String adminPassword = null;
      if (aclUser != null) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        adminPassword = HexFormat.of().formatHex(random);
      }
      RedisBinary.locate();
      return starter.apply(new RedisOptions(name, tls, aclUser, adminPassword, elastiCacheLike, appendOnly));
    }
  }
}
