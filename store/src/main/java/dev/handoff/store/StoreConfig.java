package dev.handoff.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the store needs to know, validated once by {@link Builder#build()} and frozen. Users
 * write the same settings as Tomcat {@code <Manager>} attributes and Jetty factory settings, which
 * {@link Settings} parses; the module README has the table of every setting, its default and its
 * bounds. Secrets never appear in {@link #toString()}.
 */
public final class StoreConfig {

  /** How the Redis servers are arranged. */
  public enum Topology { SINGLE, REPLICATED, CLUSTER, SENTINEL }

  /** How much of the server's certificate is checked (rediss:// only). */
  public enum TlsVerification { STRICT, CA_ONLY, NONE }

  /** Where reads go. */
  public enum ReadFrom { PRIMARY, REPLICA }

  /** Memcached: whether the one address is an ElastiCache configuration endpoint that lists the nodes. */
  public enum AutoDiscovery { AUTO, ON, OFF }

  /** What a save does when fewer than syncReplicas replicas acknowledged it in time. */
  public enum SyncFailure { WARN, FAIL }

  private final List<String> addresses;
  private final Topology topology;
  private final String sentinelMaster;
  private final String username;
  private final String password;
  private final CredentialsProvider credentialsProvider;
  private final ElastiCacheIam iam;
  private final AutoDiscovery autoDiscovery;
  private final boolean backupCopies;
  private final TlsVerification tlsVerification;
  private final Path trustStore;
  private final String trustStorePassword;
  private final Path keyStore;
  private final String keyStorePassword;
  private final String keyPrefix;
  private final String namespace;
  private final ReadFrom readFrom;
  private final int syncReplicas;
  private final Duration syncTimeout;
  private final SyncFailure syncFailure;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final int retryAttempts;
  private final Duration retryInterval;
  private final boolean failFast;
  private final boolean queueWhileDown;
  private final Duration expiryGrace;
  private final double touchFraction;
  private final int expiryBuckets;
  private final Duration lockLease;
  private final Duration expiryClaimHold;
  private final Duration lockWait;
  private final int maxSessionBytes;
  private final long maxQueuedBytes;
  private final int maxConcurrentCalls;
  private final Path redissonConfig;
  private final String nodeName;
  private final List<byte[]> sessionKeys;

  private StoreConfig(Builder b) {
    this.addresses = List.copyOf(b.addresses);
    this.sessionKeys = List.copyOf(b.sessionKeys);
    this.topology = b.topology;
    this.sentinelMaster = b.sentinelMaster;
    this.username = b.username;
    this.password = b.password;
    this.credentialsProvider = b.credentialsProvider;
    this.autoDiscovery = b.autoDiscovery;
    this.backupCopies = b.backupCopies;
    this.iam = b.iamCache == null ? null : new ElastiCacheIam(b.username, b.iamCache, b.iamServerless, b.iamRegion);
    this.tlsVerification = b.tlsVerification;
    this.trustStore = b.trustStore;
    this.trustStorePassword = b.trustStorePassword;
    this.keyStore = b.keyStore;
    this.keyStorePassword = b.keyStorePassword;
    this.keyPrefix = b.keyPrefix;
    this.namespace = b.namespace;
    this.readFrom = b.readFrom;
    this.syncReplicas = b.syncReplicas;
    this.syncTimeout = b.syncTimeout;
    this.syncFailure = b.syncFailure;
    this.connectTimeout = b.connectTimeout;
    this.commandTimeout = b.commandTimeout;
    this.retryAttempts = b.retryAttempts;
    this.retryInterval = b.retryInterval;
    this.failFast = b.failFast;
    this.queueWhileDown = b.queueWhileDown;
    this.expiryGrace = b.expiryGrace;
    this.touchFraction = b.touchFraction;
    this.expiryBuckets = b.expiryBuckets;
    this.lockLease = b.lockLease;
    this.expiryClaimHold = b.expiryClaimHold;
    this.lockWait = b.lockWait;
    this.maxSessionBytes = b.maxSessionBytes;
    this.maxQueuedBytes = b.maxQueuedBytes;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.redissonConfig = b.redissonConfig;
    this.nodeName = b.nodeName;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  public List<String> addresses() { return addresses; }
  public Topology topology() { return topology; }
  public String sentinelMaster() { return sentinelMaster; }
  public String username() { return username; }
  public String password() { return password; }
  public CredentialsProvider credentialsProvider() { return credentialsProvider; }
  /** Memcached's Auto Discovery setting. */
  public AutoDiscovery autoDiscovery() { return autoDiscovery; }
  /** Memcached: each session also written to a second server. */
  public boolean backupCopies() { return backupCopies; }
  /** IAM authentication to ElastiCache, or null. */
  public ElastiCacheIam iam() { return iam; }
  public TlsVerification tlsVerification() { return tlsVerification; }
  public Path trustStore() { return trustStore; }
  public String trustStorePassword() { return trustStorePassword; }
  public Path keyStore() { return keyStore; }
  public String keyStorePassword() { return keyStorePassword; }
  public String keyPrefix() { return keyPrefix; }
  public String namespace() { return namespace; }
  public ReadFrom readFrom() { return readFrom; }
  public int syncReplicas() { return syncReplicas; }
  public Duration syncTimeout() { return syncTimeout; }
  public SyncFailure syncFailure() { return syncFailure; }
  public Duration connectTimeout() { return connectTimeout; }
  public Duration commandTimeout() { return commandTimeout; }
  public int retryAttempts() { return retryAttempts; }
  public Duration retryInterval() { return retryInterval; }
  public boolean failFast() { return failFast; }

  /**
   * True (the default): a save while Redis is unreachable is queued and written when it returns.
   * False (failurePolicy=fail): it fails, so that a request answered 503 leaves nothing behind
   * that could land later over another node's newer write.
   */
  public boolean queueWhileDown() { return queueWhileDown; }
  public Duration expiryGrace() { return expiryGrace; }
  public double touchFraction() { return touchFraction; }
  public int expiryBuckets() { return expiryBuckets; }
  public Duration lockLease() { return lockLease; }
  public Duration lockWait() { return lockWait; }
  public int maxSessionBytes() { return maxSessionBytes; }

  /** Bytes held for Redis while it is unreachable; beyond them new sessions are refused. */
  public long maxQueuedBytes() { return maxQueuedBytes; }

  /** How long an expiry claim holds without renewal. */
  public Duration expiryClaimHold() { return expiryClaimHold; }

  /** Calls that may wait on Redis at once; beyond them a call fails at once. */
  public int maxConcurrentCalls() { return maxConcurrentCalls; }
  public Path redissonConfig() { return redissonConfig; }
  public String nodeName() { return nodeName; }
  /** The keys that seal session values (the first seals, every one opens); empty: values are stored in clear. */
  public List<byte[]> sessionKeys() { return sessionKeys; }

  /** True when any address uses {@code rediss://} (or {@code memcacheds://}). */
  public boolean usesTls() {
    return addresses.stream().anyMatch(a -> a.startsWith("rediss://") || a.startsWith("memcacheds://"));
  }

  /** True when the addresses name Memcached servers. */
  public boolean isMemcached() {
    return memcachedAddresses(addresses);
  }

  /** True for {@code memcached://} (and {@code memcacheds://}, TLS) addresses. */
  static boolean memcachedAddresses(List<String> addresses) {
    return !addresses.isEmpty() && addresses.stream().allMatch(a -> a.startsWith("memcached://") || a.startsWith("memcacheds://"));
  }

  /**
   * Checks that the Memcached client can be loaded.
   *
   * @throws IllegalArgumentException naming the jar to add
   */
  private static void requireMemcachedClient() {
    try {
      Class.forName("net.spy.memcached.MemcachedClient", false, StoreConfig.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("address names Memcached servers, but the Memcached client is not on the class"
          + " path: add com.amazonaws:elasticache-java-cluster-client (1.2.0; the drop-in jars carry it)");
    }
  }

  /**
   * The settings that decide which Redis client serves this config (not the namespace): equal
   * identities share one client. Secrets take part by value but never leave this object; a
   * credentials provider by identity (one instance shared by several stores shares their client).
   */
  Object connectionIdentity() {
    return java.util.Arrays.asList(addresses, topology, sentinelMaster, username, password,
        new ByIdentity(credentialsProvider), iam, tlsVerification, trustStore, trustStorePassword, keyStore,
        keyStorePassword, readFrom, connectTimeout, commandTimeout, retryAttempts, retryInterval, redissonConfig);
  }

  /** Compares its object by identity. */
  private record ByIdentity(Object object) {
    @Override
    public boolean equals(Object other) {
      return other instanceof ByIdentity b && b.object == object;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(object);
    }
  }

  /** Every setting, secrets masked: what start-up logs once. */
  @Override
  public String toString() {
    return "address=" + String.join(",", addresses) + ", topology=" + lower(topology)
        + (topology == Topology.SENTINEL ? ", sentinelMaster=" + sentinelMaster : "")
        + ", username=" + (username == null ? "(none)" : username)
        + ", password=" + (password == null ? "(none)" : "****")
        + (credentialsProvider == null ? "" : ", credentialsProvider=" + credentialsProvider.getClass().getName())
        + (iam == null ? "" : ", iamCache=" + iam.cacheName() + (iam.serverless() ? " (serverless)" : "")
            + ", iamRegion=" + (iam.region() == null ? "(the AWS SDK's default)" : iam.region()))
        + (usesTls() ? ", tlsVerification=" + lower(tlsVerification).replace('_', '-')
            + (trustStore == null ? "" : ", trustStore=" + trustStore)
            + (keyStore == null ? "" : ", keyStore=" + keyStore) : "")
        + (isMemcached() ? ", backupCopies=" + backupCopies : "")
        + ", keyPrefix=" + keyPrefix + ", namespace=" + namespace + ", readFrom=" + lower(readFrom)
        + ", syncReplicas=" + syncReplicas + (syncReplicas > 0 ? ", syncTimeout=" + Durations.format(syncTimeout)
            + ", syncFailure=" + lower(syncFailure) : "")
        + ", connectTimeout=" + Durations.format(connectTimeout) + ", commandTimeout=" + Durations.format(commandTimeout)
        + ", retryAttempts=" + retryAttempts + ", retryInterval=" + Durations.format(retryInterval)
        + ", failFast=" + failFast + ", expiryGrace=" + Durations.format(expiryGrace)
        + ", touchFraction=" + touchFraction + ", expiryBuckets=" + expiryBuckets
        + ", expiryClaimHold=" + Durations.format(expiryClaimHold) + ", lockLease=" + Durations.format(lockLease) + ", lockWait=" + Durations.format(lockWait)
        + ", maxSessionBytes=" + maxSessionBytes + ", maxQueuedBytes=" + maxQueuedBytes
        + ", maxConcurrentCalls=" + maxConcurrentCalls
        + ", sessionKey=" + (sessionKeys.isEmpty() ? "(none: values in clear)" : "(" + sessionKeys.size()
            + (sessionKeys.size() == 1 ? " key)" : " keys, the first seals)"))
        + (redissonConfig == null ? "" : ", redissonConfig=" + redissonConfig) + ", nodeName=" + nodeName;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** Collects settings; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private List<String> addresses = new ArrayList<>(List.of("redis://127.0.0.1:6379"));
    private Topology topology = Topology.SINGLE;
    private String sentinelMaster = "mymaster";
    private String username;
    private String password;
    private CredentialsProvider credentialsProvider;
    private String iamCache;
    private AutoDiscovery autoDiscovery = AutoDiscovery.AUTO;
    private boolean backupCopies;
    private boolean iamServerless;
    private String iamRegion;
    private TlsVerification tlsVerification = TlsVerification.STRICT;
    private Path trustStore;
    private String trustStorePassword;
    private Path keyStore;
    private String keyStorePassword;
    private String keyPrefix = "handoff";
    private String namespace;
    private ReadFrom readFrom = ReadFrom.PRIMARY;
    private int syncReplicas;
    private Duration syncTimeout = Duration.ofSeconds(1);
    private SyncFailure syncFailure = SyncFailure.WARN;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration commandTimeout = Duration.ofSeconds(3);
    private int retryAttempts = 2;
    private Duration retryInterval = Duration.ofMillis(200);
    private boolean failFast;
    private boolean queueWhileDown = true;
    private Duration expiryGrace = Duration.ofMinutes(5);
    private double touchFraction = 0.1;
    private int expiryBuckets = 16;
    private Duration lockLease = Duration.ofSeconds(30);
    private Duration expiryClaimHold = Duration.ofSeconds(60);
    private Duration lockWait = Duration.ofSeconds(5);
    private int maxSessionBytes = 4 * 1024 * 1024;
    private long maxQueuedBytes = 64L * 1024 * 1024;
    private int maxConcurrentCalls = 64;
    private Path redissonConfig;
    private String nodeName = defaultNodeName();
    private List<byte[]> sessionKeys = new ArrayList<>();

    private Builder() {
    }

    /**
     * The keys that seal every session value in Redis: base64 of 16 or 32 random bytes each
     * ({@code openssl rand -base64 32}), separated by commas; the first seals, every one opens, so a
     * new key goes first and an old one is removed once the sessions it sealed were rewritten or
     * expired. Null or empty: values are stored in clear (a warning at start says so).
     *
     * @throws IllegalArgumentException naming the setting and the entry that is not a key
     */
    public Builder sessionKey(String keys) { this.sessionKeys = SealedValues.parseKeys(keys); return this; }

    /** Redis addresses, {@code redis://host:port} or {@code rediss://host:port} (TLS). */
    public Builder addresses(List<String> addresses) { this.addresses = new ArrayList<>(addresses); return this; }
    /** single (default), replicated (list every node; the primary is found by role), cluster, sentinel. */
    public Builder topology(Topology topology) { this.topology = topology; return this; }
    /** The master name Sentinels know the primary by (sentinel topology; default mymaster). */
    public Builder sentinelMaster(String name) { this.sentinelMaster = name; return this; }
    /** ACL user name (Redis 6+ / ElastiCache RBAC); with no user name the password alone is sent. */
    public Builder username(String username) { this.username = username; return this; }
    /** Password or ElastiCache AUTH token. */
    public Builder password(String password) { this.password = password; return this; }
    /** Supplies credentials at each connection, for rotating tokens (IAM); overrides username and password. */
    public Builder credentialsProvider(CredentialsProvider provider) { this.credentialsProvider = provider; return this; }
    /**
     * IAM authentication to ElastiCache: the replication group id (or, with {@code serverless},
     * the serverless cache's name), and its region (null: the AWS SDK's default region chain).
     * {@link #username(String)} is the IAM-enabled user's id; no password; rediss:// addresses.
     */
    public Builder iam(String cacheName, boolean serverless, String region) {
      this.iamCache = cacheName;
      this.iamServerless = serverless;
      this.iamRegion = region;
      return this;
    }
    Builder iamCache(String cacheName) { this.iamCache = cacheName; return this; }
    /** Memcached: on, off, or auto (on for one address whose host name holds {@code .cfg.}). */
    public Builder autoDiscovery(AutoDiscovery discovery) { this.autoDiscovery = discovery; return this; }
    /** Memcached: each session also written to a second server (default false). */
    public Builder backupCopies(boolean backup) { this.backupCopies = backup; return this; }
    Builder iamServerless(boolean serverless) { this.iamServerless = serverless; return this; }
    Builder iamRegion(String region) { this.iamRegion = region; return this; }
    /** strict (CA and host name, default), ca-only, or none. */
    public Builder tlsVerification(TlsVerification verification) { this.tlsVerification = verification; return this; }
    /** Trust store (PKCS#12 or JKS) with the CA of the servers; default: the JVM's. */
    public Builder trustStore(Path path, String password) {
      this.trustStore = path;
      this.trustStorePassword = password == null ? trustStorePassword : password;
      return this;
    }
    /** Key store (PKCS#12 or JKS) with a client certificate, for servers that require one. */
    public Builder keyStore(Path path, String password) {
      this.keyStore = path;
      this.keyStorePassword = password == null ? keyStorePassword : password;
      return this;
    }
    /** Password of the trust store. */
    public Builder trustStorePassword(String password) { this.trustStorePassword = password; return this; }
    /** Password of the key store. */
    public Builder keyStorePassword(String password) { this.keyStorePassword = password; return this; }
    /** First part of every key (default handoff). */
    public Builder keyPrefix(String prefix) { this.keyPrefix = prefix; return this; }
    /** The application's name space, e.g. host and context path; required. */
    public Builder namespace(String namespace) { this.namespace = namespace; return this; }
    /** primary (default: read-your-writes) or replica. */
    public Builder readFrom(ReadFrom readFrom) { this.readFrom = readFrom; return this; }
    /** Replicas each save waits for (WAIT), 0 to 5 (default 0). */
    public Builder syncReplicas(int replicas) { this.syncReplicas = replicas; return this; }
    /** How long a save waits for syncReplicas (default 1s). */
    public Builder syncTimeout(Duration timeout) { this.syncTimeout = timeout; return this; }
    /** warn (default) or fail when fewer replicas acknowledged a save. */
    public Builder syncFailure(SyncFailure failure) { this.syncFailure = failure; return this; }
    /** TCP connect timeout (default 5s). */
    public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }
    /** Time a command may take before it fails (default 3s). */
    public Builder commandTimeout(Duration timeout) { this.commandTimeout = timeout; return this; }
    /** Retries of a failed command (default 2). */
    public Builder retryAttempts(int attempts) { this.retryAttempts = attempts; return this; }
    /** Pause between retries (default 200ms). */
    public Builder retryInterval(Duration interval) { this.retryInterval = interval; return this; }
    /** Fail the start when Redis cannot be reached (default false: start and degrade). */
    public Builder failFast(boolean failFast) { this.failFast = failFast; return this; }
    public Builder queueWhileDown(boolean queue) { this.queueWhileDown = queue; return this; }
    /** How long session data outlives its expiry, for the expiry listeners (default 5m). */
    public Builder expiryGrace(Duration grace) { this.expiryGrace = grace; return this; }
    /** A touch that moves expiry by less than this fraction of the max inactive interval is skipped (default 0.1). */
    public Builder touchFraction(double fraction) { this.touchFraction = fraction; return this; }
    /** Keys the expiry index is spread over (default 16). */
    public Builder expiryBuckets(int buckets) { this.expiryBuckets = buckets; return this; }
    /** How long a session lock lives unless released (default 30s). */
    public Builder lockLease(Duration lease) { this.lockLease = lease; return this; }
    /** How long to wait for a session lock (default 5s). */
    public Builder lockWait(Duration wait) { this.lockWait = wait; return this; }
    /** Largest session, all attribute bytes together (default 4 MiB). */
    public Builder maxSessionBytes(int bytes) { this.maxSessionBytes = bytes; return this; }
    public Builder maxQueuedBytes(long bytes) { this.maxQueuedBytes = bytes; return this; }
    public Builder expiryClaimHold(Duration hold) { this.expiryClaimHold = hold; return this; }
    public Builder maxConcurrentCalls(int calls) { this.maxConcurrentCalls = calls; return this; }
    /** A Redisson YAML file for every other client setting; its servers section replaces address and topology. */
    public Builder redissonConfig(Path yaml) { this.redissonConfig = yaml; return this; }
    /** This node's name, written with each save (default host name and process id). */
    public Builder nodeName(String name) { this.nodeName = name; return this; }

    /**
     * Validates every setting.
     *
     * @throws IllegalArgumentException naming the setting as users write it, the value and what is allowed
     */
    public StoreConfig build() {
      Objects.requireNonNull(topology, "topology");
      if (namespace == null || namespace.isBlank()) {
        throw new IllegalArgumentException("namespace is required (the application's name, e.g. host and context path)");
      }
      if (addresses.isEmpty() && redissonConfig == null) {
        throw new IllegalArgumentException("address is required: one or more redis://host:port or rediss://host:port");
      }
      for (String address : addresses) {
        if (!address.matches("(rediss?|memcacheds?)://[^\\s/:]+(:\\d{1,5})?/?")) {
          throw new IllegalArgumentException("address = '" + address + "': use redis://host:port or rediss://host:port"
              + " (memcached://host:port for Memcached)");
        }
      }
      boolean memcached = addresses.stream().anyMatch(a -> a.startsWith("memcached"));
      if (memcached && !memcachedAddresses(addresses)) {
        throw new IllegalArgumentException("address mixes Redis and Memcached servers; use one engine for all");
      }
      if (memcached) {
        if (topology != Topology.SINGLE || redissonConfig != null || iamCache != null) {
          throw new IllegalArgumentException("address names Memcached servers: " + (topology != Topology.SINGLE
              ? "topology" : redissonConfig != null ? "redissonConfig" : "iamCache") + " is for Redis; remove it"
              + " (Memcached servers are listed in address, or one ElastiCache configuration endpoint)");
        }
        if (addresses.stream().map(a -> a.startsWith("memcacheds://")).distinct().count() > 1) {
          throw new IllegalArgumentException("address mixes memcached:// and memcacheds://; use one scheme for all");
        }
        if (autoDiscovery == AutoDiscovery.ON && addresses.size() != 1) {
          throw new IllegalArgumentException("autoDiscovery = on needs one address, the configuration endpoint; address has "
              + addresses.size());
        }
        requireMemcachedClient();
      } else if (autoDiscovery != AutoDiscovery.AUTO) {
        throw new IllegalArgumentException("autoDiscovery is for Memcached addresses (memcached://); remove it");
      } else if (backupCopies) {
        throw new IllegalArgumentException("backupCopies is for Memcached addresses (memcached://); on Redis, replicas"
            + " keep the copies (syncReplicas); remove it");
      } else if (topology == Topology.SINGLE && addresses.size() > 1) {
        throw new IllegalArgumentException("address has " + addresses.size() + " entries but topology = single;"
            + " use topology = replicated, cluster or sentinel for several");
      }
      if (addresses.stream().map(a -> a.startsWith("rediss://")).distinct().count() > 1) {
        throw new IllegalArgumentException("address mixes redis:// and rediss://; use one scheme for all");
      }
      requireText("keyPrefix", keyPrefix);
      requireText("sentinelMaster", sentinelMaster);
      requireText("nodeName", nodeName);
      Setting.SYNC_REPLICAS.check(syncReplicas);
      Setting.RETRY_ATTEMPTS.check(retryAttempts);
      Setting.EXPIRY_BUCKETS.check(expiryBuckets);
      Setting.MAX_SESSION_BYTES.check(maxSessionBytes);
      Setting.MAX_QUEUED_BYTES.check(maxQueuedBytes);
      Setting.EXPIRY_CLAIM_HOLD.check(expiryClaimHold);
      Setting.MAX_CONCURRENT_CALLS.check(maxConcurrentCalls);
      Setting.SYNC_TIMEOUT.check(syncTimeout);
      Setting.CONNECT_TIMEOUT.check(connectTimeout);
      Setting.COMMAND_TIMEOUT.check(commandTimeout);
      Setting.RETRY_INTERVAL.check(retryInterval);
      Setting.EXPIRY_GRACE.check(expiryGrace);
      Setting.LOCK_LEASE.check(lockLease);
      Setting.LOCK_WAIT.check(lockWait);
      Setting.TOUCH_FRACTION.check(touchFraction);
      requireFile("trustStore", trustStore);
      requireFile("keyStore", keyStore);
      requireFile("redissonConfig", redissonConfig);
      checkIam();
      return new StoreConfig(this);
    }

    private void checkIam() {
      if (iamCache == null) {
        if (iamServerless || iamRegion != null) {
          throw new IllegalArgumentException((iamRegion != null ? "iamRegion" : "iamServerless")
              + " is set but iamCache is not: name the replication group (or serverless cache) to use IAM authentication");
        }
        return;
      }
      requireText("iamCache", iamCache);
      if (iamRegion != null) {
        requireText("iamRegion", iamRegion);
      }
      if (username == null || username.isBlank()) {
        throw new IllegalArgumentException("iamCache is set but username is not: give the id of the IAM-enabled"
            + " ElastiCache user (its user id and user name are the same)");
      }
      if (password != null || credentialsProvider != null) {
        throw new IllegalArgumentException("iamCache and " + (password != null ? "password" : "a credentials provider")
            + " exclude each other: with IAM the password is a token Handoff signs; remove one");
      }
      if (redissonConfig != null) {
        throw new IllegalArgumentException("iamCache does not apply with redissonConfig (that file is the whole client"
            + " configuration); remove one");
      }
      if (!addresses.stream().allMatch(a -> a.startsWith("rediss://"))) {
        throw new IllegalArgumentException("iamCache needs rediss:// addresses: ElastiCache takes IAM tokens only over"
            + " TLS (in-transit encryption), and a token sent in clear opens the cache to anyone who reads it");
      }
      ElastiCacheIam.requireSdk();
    }

    private static void requireText(String setting, String value) {
      if (value == null || value.isBlank() || value.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c))) {
        throw new IllegalArgumentException(setting + " = '" + value + "': must be non-empty, without spaces or braces");
      }
    }

    private static void requireFile(String setting, Path path) {
      if (path != null && !Files.isReadable(path)) {
        throw new IllegalArgumentException(setting + " = " + path + ": no readable file there");
      }
    }

    private static String defaultNodeName() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
      return host.replaceAll("[\\s{}]", "_") + "-" + ProcessHandle.current().pid();
    }
  }
}
