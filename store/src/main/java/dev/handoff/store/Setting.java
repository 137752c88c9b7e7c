package dev.handoff.store;

import static dev.handoff.store.Setting.Group.ESSENTIAL;
import static dev.handoff.store.Setting.Group.FREQUENT;
import static dev.handoff.store.Setting.Group.RARE;
import static dev.handoff.store.Setting.Owner.ADAPTER;
import static dev.handoff.store.Setting.Owner.SERIALIZATION;
import static dev.handoff.store.Setting.Owner.STORE;
import static dev.handoff.store.SettingBounds.bool;
import static dev.handoff.store.SettingBounds.bytes;
import static dev.handoff.store.SettingBounds.choice;
import static dev.handoff.store.SettingBounds.decimal;
import static dev.handoff.store.SettingBounds.duration;
import static dev.handoff.store.SettingBounds.integer;
import static dev.handoff.store.SettingBounds.text;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting of Handoff, in one table: the name users write (a Tomcat {@code <Manager>}
 * attribute, a Jetty factory setting), the module that owns it, its default, what is allowed and
 * what it means. {@link Settings} parses by this table; store/README.md shows it (a test keeps the
 * two equal); {@link StoreConfig.Builder#build()} checks its bounds by it.
 */
enum Setting {

  ADDRESS("address", STORE, ESSENTIAL, "redis://127.0.0.1:6379",
      text("`redis://host:port` or `rediss://host:port` (TLS), comma-separated; `memcached://host:port` (`memcacheds://`: TLS) for Memcached"),
      "the servers; for ElastiCache cluster mode the configuration endpoint; for ElastiCache for Memcached its configuration endpoint (Auto Discovery) or every server (docs/engines.md)",
      (s, b, v) -> b.store.addresses(SettingValues.list(v))),
  TOPOLOGY("topology", STORE, ESSENTIAL, "single", choice(StoreConfig.Topology.class),
      "replicated: list every node of a cluster-mode-disabled group, the primary is found by role; sentinel: the addresses are the Sentinels",
      (s, b, v) -> b.store.topology(s.toChoice(v, StoreConfig.Topology.class))),
  USERNAME("username", STORE, ESSENTIAL, null, text("text"),
      "ACL / ElastiCache RBAC user; without it the password alone is sent (AUTH token)",
      (s, b, v) -> b.store.username(v.isEmpty() ? null : v)),
  PASSWORD("password", STORE, ESSENTIAL, null, text("text"), "password or AUTH token; never logged",
      (s, b, v) -> b.store.password(v.isEmpty() ? null : v)),
  SESSION_KEY("sessionKey", STORE, ESSENTIAL, null, text("base64 of 16 or 32 random bytes (`openssl rand -base64 32`); a comma-separated list to rotate"),
      "seals every attribute value and the login in Redis (AES-GCM, bound to the session and field): the first key seals, every key opens; without one, values are stored in clear (a warning at start); never logged; see docs/security.md",
      (s, b, v) -> b.store.sessionKey(v)),
  NAMESPACE("namespace", STORE, ESSENTIAL, null, "the adapter's: host and context path", text("text"),
      "keeps applications sharing a Redis apart",
      (s, b, v) -> b.store.namespace(v)),
  IAM_CACHE("iamCache", STORE, FREQUENT, null, text("a replication group id, or a serverless cache's name"),
      "ElastiCache IAM authentication: each connection sends a token for `username` (the IAM-enabled user's id) signed with AWS SigV4 by the AWS SDK's default credentials chain; a new one every 10 minutes is sent on every live connection (a token opens connections for 15 minutes; this also extends ElastiCache's 12-hour connection limit); needs rediss:// and no password",
      (s, b, v) -> b.store.iamCache(v.isEmpty() ? null : v)),
  IAM_SERVERLESS("iamServerless", STORE, FREQUENT, "false", bool(), "iamCache names a serverless cache",
      (s, b, v) -> b.store.iamServerless(s.toBool(v))),
  IAM_REGION("iamRegion", STORE, FREQUENT, null, "the AWS SDK's (AWS_REGION, the profile, the instance's)",
      text("an AWS region, e.g. `eu-west-1`"), "the cache's region, for IAM tokens",
      (s, b, v) -> b.store.iamRegion(v.isEmpty() ? null : v)),
  TLS_VERIFICATION("tlsVerification", STORE, FREQUENT, "strict", choice(StoreConfig.TlsVerification.class),
      "server certificate checks for rediss:// and memcacheds://",
      (s, b, v) -> b.store.tlsVerification(s.toChoice(v, StoreConfig.TlsVerification.class))),
  TRUST_STORE("trustStore", STORE, FREQUENT, null, "the JVM's", text("a PKCS#12 or JKS file"),
      "CA of the servers", (s, b, v) -> b.store.trustStore(Path.of(v), null)),
  TRUST_STORE_PASSWORD("trustStorePassword", STORE, FREQUENT, null, text("text"), "password of the trust store",
      (s, b, v) -> b.store.trustStorePassword(v)),
  KEY_STORE("keyStore", STORE, FREQUENT, null, text("a PKCS#12 or JKS file"),
      "client certificate, for servers that require one", (s, b, v) -> b.store.keyStore(Path.of(v), null)),
  KEY_STORE_PASSWORD("keyStorePassword", STORE, FREQUENT, null, text("text"), "password of the key store",
      (s, b, v) -> b.store.keyStorePassword(v)),
  SENTINEL_MASTER("sentinelMaster", STORE, FREQUENT, "mymaster", text("text without braces or spaces"),
      "master name known to the Sentinels", (s, b, v) -> b.store.sentinelMaster(v)),
  SYNC_REPLICAS("syncReplicas", STORE, FREQUENT, "0", integer(0, 5),
      "each save and create waits (WAIT) for this many replicas: no acknowledged write lost in a failover",
      (s, b, v) -> b.store.syncReplicas(s.toInt(v))),
  SYNC_TIMEOUT("syncTimeout", STORE, FREQUENT, "1s", duration("1ms", "1m"), "how long that wait may take",
      (s, b, v) -> b.store.syncTimeout(s.toDuration(v))),
  SYNC_FAILURE("syncFailure", STORE, FREQUENT, "warn", choice(StoreConfig.SyncFailure.class),
      "when fewer replicas of the session's shard acknowledged a write (create, save, logout, id change): log a warning, or fail it and its request with 503 (it is on the primary, but may be lost in a failover)",
      (s, b, v) -> b.store.syncFailure(s.toChoice(v, StoreConfig.SyncFailure.class))),
  COMMAND_TIMEOUT("commandTimeout", STORE, FREQUENT, "3s", duration("10ms", "5m"),
      "time a call to Redis may take before it fails, its retries included (each attempt waits its share, retryInterval pauses taken out); then the session is served from memory and Redis counts as unreachable",
      (s, b, v) -> b.store.commandTimeout(s.toDuration(v))),
  CONNECT_TIMEOUT("connectTimeout", STORE, FREQUENT, "5s", duration("10ms", "5m"), "TCP connect timeout",
      (s, b, v) -> b.store.connectTimeout(s.toDuration(v))),
  FAIL_FAST("failFast", STORE, FREQUENT, "false", bool(),
      "fail the start when Redis cannot be reached; otherwise start and degrade",
      (s, b, v) -> b.store.failFast(s.toBool(v))),
  SERIALIZER("serializer", SERIALIZATION, FREQUENT, "kryo", text("`kryo`, `jdk`, or the class name of a `Codec`"),
      "the codec that encodes attribute values; Kryo bytes always decode, JDK-serialization bytes only when it is `jdk`",
      (s, b, v) -> b.serialization.serializer(v)),
  CLASS_FILTER("classFilter", SERIALIZATION, FREQUENT, "", text("`ClassFilter` patterns (`ObjectInputFilter` syntax)"),
      "classes decoding may load, tried before the default deny list; with any `+pattern` an allow-list (those, then the JDK's value and collection types, every other class refused); classes that are not Serializable and proxies are refused whatever it says",
      (s, b, v) -> b.serialization.classFilter(v)),
  FAILURE_POLICY("failurePolicy", ADAPTER, FREQUENT, "degrade", choice(RequestConfig.FailurePolicy.class),
      "while Redis is unreachable: serve sessions held in memory and queue writes, or answer 503 (a request whose session cannot be checked, or whose change cannot be written to Redis; nothing of it is queued, and the node drops its copy)",
      (s, b, v) -> {
        RequestConfig.FailurePolicy policy = s.toChoice(v, RequestConfig.FailurePolicy.class);
        b.requests.failurePolicy(policy);
        b.store.queueWhileDown(policy != RequestConfig.FailurePolicy.FAIL);
      }),
  LOCKING("locking", ADAPTER, FREQUENT, "none", choice(RequestConfig.Locking.class),
      "requests that hold the session's lock from before the session is read until after it is saved (two more round trips each)",
      (s, b, v) -> b.requests.locking(s.toChoice(v, RequestConfig.Locking.class))),
  LOCK_PATTERN("lockPattern", ADAPTER, FREQUENT, null, text("a Java regular expression of request URIs"),
      "with `locking` = `pattern`: the requests that lock, e.g. `/app/(cart|checkout).*`",
      (s, b, v) -> b.requests.lockPattern(s.toPattern(v))),
  KEY_PREFIX("keyPrefix", STORE, RARE, "handoff", text("text without braces or spaces"),
      "first part of every key (an ACL user can be limited to `~handoff:* &handoff:*`: the keys, and the channels of the announcements)", (s, b, v) -> b.store.keyPrefix(v)),
  READ_FROM("readFrom", STORE, RARE, "primary", choice(StoreConfig.ReadFrom.class),
      "replicas break read-your-writes; only by explicit choice",
      (s, b, v) -> b.store.readFrom(s.toChoice(v, StoreConfig.ReadFrom.class))),
  RETRY_ATTEMPTS("retryAttempts", STORE, RARE, "2", integer(0, 10),
      "retries of a failed command (a lost reply, a reset connection, a failover), within commandTimeout",
      (s, b, v) -> b.store.retryAttempts(s.toInt(v))),
  RETRY_INTERVAL("retryInterval", STORE, RARE, "200ms", duration("0s", "1m"), "pause between retries",
      (s, b, v) -> b.store.retryInterval(s.toDuration(v))),
  EXPIRY_GRACE("expiryGrace", STORE, RARE, "5m", duration("1s", "1d"),
      "how long data outlives its expiry, for the expiry listeners", (s, b, v) -> b.store.expiryGrace(s.toDuration(v))),
  TOUCH_FRACTION("touchFraction", STORE, RARE, "0.1", decimal(0, 0.5),
      "touches moving expiry by less than this fraction of the inactivity limit are skipped",
      (s, b, v) -> b.store.touchFraction(s.toDecimal(v))),
  EXPIRY_BUCKETS("expiryBuckets", STORE, RARE, "16", integer(1, 1024), "keys the expiry index is spread over",
      (s, b, v) -> b.store.expiryBuckets(s.toInt(v))),
  EXPIRY_CLAIM_HOLD("expiryClaimHold", STORE, RARE, "60s", duration("1s", "1h"),
      "how long a node's claim on an expired session holds, renewed every third of it while the expiry listeners run; a node that died mid-expiry is taken over after it",
      (s, b, v) -> b.store.expiryClaimHold(s.toDuration(v))),
  LOCK_LEASE("lockLease", STORE, RARE, "30s", duration("100ms", "1h"),
      "a lock ends after its lease even if its holder dies", (s, b, v) -> b.store.lockLease(s.toDuration(v))),
  LOCK_WAIT("lockWait", STORE, RARE, "5s", duration("0s", "10m"),
      "how long a request waits for the lock; then it proceeds unlocked (logged)",
      (s, b, v) -> b.store.lockWait(s.toDuration(v))),
  MAX_SESSION_BYTES("maxSessionBytes", STORE, RARE, "4194304", bytes(1024, 512 * 1024 * 1024),
      "the whole session (attribute values and login): checked on create, on every save (the session as the save would leave it; nothing is written when above) and on read (a session above it is not loaded: an error, and it stays in Redis)",
      (s, b, v) -> b.store.maxSessionBytes(s.toInt(v))),
  MAX_CONCURRENT_CALLS("maxConcurrentCalls", STORE, RARE, "64", integer(1, 100_000),
      "most calls of one application that wait on Redis at once on a node; beyond them a call fails at once as if Redis were unreachable (the session is served from memory, the change queued), so that a slow Redis holds at most this many request threads",
      (s, b, v) -> b.store.maxConcurrentCalls(s.toInt(v))),
  MAX_QUEUED_BYTES("maxQueuedBytes", STORE, RARE, "67108864", bytes(64 * 1024, 16L * 1024 * 1024 * 1024),
      "memory held for Redis while it is unreachable (queued changes and sessions created meanwhile); when full, new sessions are refused (503) and sessions already held keep working",
      (s, b, v) -> b.store.maxQueuedBytes(s.toLong(v))),
  MAX_ATTRIBUTE_BYTES("maxAttributeBytes", SERIALIZATION, RARE, "8388608", bytes(1024, 512 * 1024 * 1024),
      "largest attribute value, encoded or decoded (compressed values by their decoded size)",
      (s, b, v) -> b.serialization.maxAttributeBytes(s.toInt(v))),
  MAX_DEPTH("maxDepth", SERIALIZATION, RARE, "500", integer(16, 10_000), "deepest object nesting decoding accepts",
      (s, b, v) -> b.serialization.maxDepth(s.toInt(v))),
  MAX_OBJECTS("maxObjects", SERIALIZATION, RARE, "1000000", integer(1_000, 100_000_000),
      "most objects one attribute value may hold: decoding refuses more (a byte of input can stand for an object of many fields, so this bounds the heap a value takes)",
      (s, b, v) -> b.serialization.maxObjects(s.toInt(v))),
  MAX_DECODE_TIME("maxDecodeTime", SERIALIZATION, RARE, "1s", duration("10ms", "10m"),
      "longest the decoding of one attribute value may run: then it is refused (that attribute only)",
      (s, b, v) -> {
        java.time.Duration time = s.toDuration(v);
        s.check(time); // the serialization module has no duration bounds of its own
        b.serialization.maxDecodeTime(time);
      }),
  COMPRESSION("compression", SERIALIZATION, RARE, "true", bool(),
      "LZ4 (pure Java) for values above the threshold, when it saves bytes",
      (s, b, v) -> b.serialization.compression(s.toBool(v))),
  COMPRESSION_THRESHOLD_BYTES("compressionThresholdBytes", SERIALIZATION, RARE, "1024", bytes(64, 512 * 1024 * 1024),
      "encoded size above which compression is tried",
      (s, b, v) -> b.serialization.compressionThresholdBytes(s.toInt(v))),
  CHECK_IN_PLACE_CHANGES("checkInPlaceChanges", ADAPTER, RARE, "true", bool(),
      "attributes read during a request are re-encoded at its end and saved if their bytes changed (G3); off for apps that always call setAttribute",
      (s, b, v) -> b.requests.checkInPlaceChanges(s.toBool(v))),
  AUTO_DISCOVERY("autoDiscovery", STORE, RARE, "auto", choice(StoreConfig.AutoDiscovery.class),
      "Memcached: the one address is an ElastiCache configuration endpoint: the client asks it for the cluster's nodes and follows its changes; auto: when its host name holds `.cfg.`",
      (s, b, v) -> b.store.autoDiscovery(s.toChoice(v, StoreConfig.AutoDiscovery.class))),
  BACKUP_COPIES("backupCopies", STORE, RARE, "false", bool(),
      "Memcached: each session also kept on a second server, so that a server lost logs nobody out (needs two servers or more)",
      (s, b, v) -> b.store.backupCopies(s.toBool(v))),
  REDISSON_CONFIG("redissonConfig", STORE, RARE, null, text("a Redisson YAML file"),
      "every other client setting; its servers section replaces address and topology",
      (s, b, v) -> b.store.redissonConfig(Path.of(v))),
  NODE_NAME("nodeName", STORE, RARE, null, "host name and pid (Jetty: its worker name)",
      text("text without braces or spaces"), "this node's name, written with each save", (s, b, v) -> b.store.nodeName(v));

  /** The module whose config holds the setting. */
  enum Owner { STORE, SERIALIZATION, ADAPTER }

  /** How often users need it, as the README groups the table. */
  enum Group { ESSENTIAL, FREQUENT, RARE }

  /** Applies a setting's text to the builder that owns it. */
  @FunctionalInterface
  interface Apply {
    void apply(Setting setting, Settings.Builders builders, String text);
  }

  private final String userName;
  private final Owner owner;
  private final Group group;
  private final String defaultValue;
  private final String defaultNote;
  private final SettingBounds bounds;
  private final String meaning;
  private final Apply apply;

  Setting(String userName, Owner owner, Group group, String defaultValue, SettingBounds bounds, String meaning,
      Apply apply) {
    this(userName, owner, group, defaultValue, null, bounds, meaning, apply);
  }

  /** A setting whose default is not a value users could write (the JVM's trust store, say). */
  Setting(String userName, Owner owner, Group group, String defaultValue, String defaultNote, SettingBounds bounds,
      String meaning, Apply apply) {
    this.userName = userName;
    this.owner = owner;
    this.group = group;
    this.defaultValue = defaultValue;
    this.defaultNote = defaultNote;
    this.bounds = bounds;
    this.meaning = meaning;
    this.apply = apply;
  }

  /** The name users write. */
  String userName() { return userName; }
  Owner owner() { return owner; }
  Group group() { return group; }
  /** The default in its text form; null when unset by default (or set by the adapter). */
  String defaultValue() { return defaultValue; }
  /** What the default is, in words, when it is not a value (null otherwise). */
  String defaultNote() { return defaultNote; }
  SettingBounds bounds() { return bounds; }
  String meaning() { return meaning; }

  /** The setting of this name, ignoring case. */
  static Optional<Setting> named(String name) {
    return Arrays.stream(values()).filter(s -> s.userName.equalsIgnoreCase(name.trim())).findFirst();
  }

  void apply(Settings.Builders builders, String text) {
    apply.apply(this, builders, text);
  }

  int toInt(String text) { return SettingValues.integer(userName, text); }
  long toLong(String text) { return SettingValues.whole(userName, text); }
  double toDecimal(String text) { return SettingValues.decimal(userName, text); }
  boolean toBool(String text) { return SettingValues.bool(userName, text); }
  java.time.Duration toDuration(String text) { return Durations.parse(userName, text); }
  java.util.regex.Pattern toPattern(String text) { return SettingValues.pattern(userName, text); }
  <E extends Enum<E>> E toChoice(String text, Class<E> type) { return SettingValues.choice(userName, text, type); }

  /** @throws IllegalArgumentException naming the setting, the value and the bounds */
  void check(long value) { bounds.check(userName, value); }
  void check(double value) { bounds.check(userName, value); }
  void check(java.time.Duration value) { bounds.check(userName, value); }
}
