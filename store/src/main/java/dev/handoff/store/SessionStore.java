package dev.handoff.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP sessions in Redis for one application (one namespace): load, create, save a change, check
 * a node's copy, delete, change id, expire, lock. Each operation costs one round trip (changing an
 * id three); see the module README for the measured counts. Thread-safe; open one per application
 * and close it when the application stops. Contains no container code.
 */
public final class SessionStore implements AutoCloseable {

  /** Whether Redis answers. */
  public enum State { UP, DOWN }

  private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
  private static final CompositeCodec HASH_CODEC = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

  private static final java.time.Duration BUCKET_MARGIN = java.time.Duration.ofHours(1);

  private final java.util.Map<String, Long> bucketDeadlines = new java.util.concurrent.ConcurrentHashMap<>();
  private final StoreConfig config;
  private final RedisConnection connection;
  private final RedissonClient redis;
  private final Keys keys;
  private final Availability availability;
  private final RedisCalls calls;
  private final PendingWrites pending;
  private final ExpiryIndex expiry;
  private final SessionLocks locks;

  private SessionStore(StoreConfig config, RedisConnection connection) {
    this.config = config;
    this.connection = connection;
    this.redis = connection.client();
    this.keys = new Keys(config);
    this.availability = new Availability(config.namespace());
    this.calls = new RedisCalls(availability, config.namespace());
    this.pending = new PendingWrites(this, config.namespace());
    this.expiry = new ExpiryIndex(redis, keys, calls, config);
    this.locks = new SessionLocks(redis, keys, calls, config);
    availability.addListener(state -> {
      if (state == State.UP) {
        pending.flushSoon();
      }
    });
  }

  /**
   * Opens the store: connects (sharing a client with other stores of the same Redis settings),
   * checks the server, logs the effective settings once (secrets masked).
   *
   * @throws IllegalStateException when Redis cannot be reached and failFast is set
   */
  public static SessionStore open(StoreConfig config) {
    RedisConnection connection = RedisConnections.acquire(config);
    LOG.info("[{}] Handoff session store: {}", config.namespace(), config);
    return new SessionStore(config, connection);
  }

  public StoreConfig config() {
    return config;
  }

  /** UP while Redis answers; DOWN after a connection fault until a call succeeds again. */
  public State state() {
    return availability.state();
  }

  /** Called on every change of {@link #state()}. */
  public void addStateListener(Consumer<State> listener) {
    availability.addListener(listener);
  }

  /** The session, unless it does not exist, has expired, or is being expired. One round trip (HGETALL). */
  public Optional<SessionRecord> load(String id) {
    return loadIncludingExpired(id).filter(record -> !record.isExpired(System.currentTimeMillis()));
  }

  /**
   * The session as stored, also when its expiry time has passed (but not while another node
   * holds its expiry claim, nor once it is gone): for containers that decide expiry themselves,
   * such as Jetty, whose session cache loads an expired session to expire it. One round trip.
   */
  public Optional<SessionRecord> loadIncludingExpired(String id) {
    Map<String, byte[]> fields = calls.run("load", id,
        () -> redis.<String, byte[]>getMap(keys.session(keys.digest(id)), HASH_CODEC).readAllMap());
    SessionRecord record = HashFields.toRecord(fields);
    if (record == null || fields.containsKey(HashFields.CLAIM)) {
      return Optional.empty();
    }
    return Optional.of(record);
  }

  /**
   * Writes a new session, only if no session of that id exists; indexes its expiry. One round
   * trip (the create script and ZADD pipelined).
   *
   * @return false when the id was taken
   */
  public boolean create(SessionRecord record) {
    String digest = keys.digest(record.id());
    List<Object> args = new ArrayList<>();
    args.add(HashFields.bytes(ttl(record.expiryTime())));
    args.addAll(HashFields.of(record));
    BatchResult<?> result = calls.run("create", record.id(), () -> {
      RBatch batch = redis.createBatch(batchOptions());
      batch.getScript(ByteArrayCodec.INSTANCE).evalAsync(keys.session(digest), RScript.Mode.READ_WRITE, Scripts.CREATE,
          RScript.ReturnType.LONG, List.of(keys.session(digest)), args.toArray());
      indexExpiry(batch, digest, record.expiryTime());
      return batch.execute();
    });
    checkReplicas(result, record.id());
    return ((Long) result.getResponses().get(0)) == 1L;
  }

  /**
   * Writes one request's change: only the fields it names, the version bumped, the expiry and
   * TTL refreshed. Never brings back a session deleted meanwhile. One round trip (one script;
   * an index update rides along when the inactivity limit changed). While Redis is unreachable
   * the change is queued and merged with later ones; the newest state is written when it returns.
   */
  public SaveResult save(String id, SessionChange change) {
    long bytes = change.set().values().stream().mapToLong(v -> v.length).sum();
    if (bytes > config.maxSessionBytes()) {
      throw new IllegalArgumentException("[" + config.namespace() + "] " + SessionIds.forLog(id) + ": a save of "
          + bytes + " attribute bytes is above maxSessionBytes = " + config.maxSessionBytes());
    }
    try {
      return writeChange(id, change);
    } catch (StoreUnavailableException e) {
      pending.add(id, change);
      return SaveResult.queued();
    }
  }

  SaveResult writeChange(String id, SessionChange change) {
    String digest = keys.digest(id);
    List<Object> args = saveArguments(change);
    BatchResult<?> result = calls.run("save", id, () -> {
      RBatch batch = redis.createBatch(batchOptions());
      batch.getScript(ByteArrayCodec.INSTANCE).evalAsync(keys.session(digest), RScript.Mode.READ_WRITE, Scripts.SAVE,
          RScript.ReturnType.LONG, List.of(keys.session(digest)), args.toArray());
      if (change.maxInactiveSeconds() != Integer.MIN_VALUE && change.lastAccessedTime() > 0) {
        indexExpiry(batch, digest, SessionRecord.expiryTime(change.lastAccessedTime(), change.maxInactiveSeconds()));
      }
      return batch.execute();
    });
    long version = (Long) result.getResponses().get(0);
    if (version < 0) {
      return SaveResult.gone();
    }
    return SaveResult.saved(version, checkReplicas(result, id));
  }

  /**
   * Checks a node's copy (its version) and, when {@code accessTime} is above 0, extends the
   * session's life from that time. One round trip; the whole session comes back only when the
   * copy is stale.
   */
  public CheckResult check(String id, long knownVersion, long accessTime) {
    String key = keys.session(keys.digest(id));
    List<?> reply = calls.run("check", id, () -> redis.getScript(ByteArrayCodec.INSTANCE)
        .eval(key, RScript.Mode.READ_WRITE, Scripts.CHECK, RScript.ReturnType.LIST, List.of(key),
            HashFields.bytes(knownVersion), accessTime > 0 ? HashFields.bytes(accessTime) : new byte[0],
            HashFields.bytes(config.expiryGrace().toMillis())));
    long version = HashFields.number(reply.get(0));
    if (version < 0) {
      return new CheckResult.Gone();
    }
    if (reply.size() == 3) {
      return new CheckResult.Current(version, HashFields.number(reply.get(1)), (int) HashFields.number(reply.get(2)));
    }
    SessionRecord record = HashFields.toRecord(reply, 1);
    return record == null ? new CheckResult.Gone() : new CheckResult.Stale(record);
  }

  /**
   * True when a request at {@code now} should extend the session's life: skipped while the
   * expiry would move by less than touchFraction of the inactivity limit.
   */
  public boolean touchDue(long lastAccessedTime, int maxInactiveSeconds, long now) {
    long interval = maxInactiveSeconds > 0 ? maxInactiveSeconds * 1000L : SessionRecord.UNLIMITED_KEEP_MILLIS;
    return now - lastAccessedTime >= (long) (interval * config.touchFraction());
  }

  /** True when the session exists. One round trip. */
  public boolean exists(String id) {
    return calls.run("exists", id,
        () -> redis.getKeys().countExists(keys.session(keys.digest(id))) > 0);
  }

  /** Deletes the session and its index entry (invalidation). One round trip. */
  public void delete(String id) {
    String digest = keys.digest(id);
    calls.run("delete", id, () -> {
      RBatch batch = redis.createBatch(batchOptions());
      batch.getKeys().deleteAsync(keys.session(digest));
      batch.getScoredSortedSet(keys.bucketOf(digest), StringCodec.INSTANCE).removeAsync(digest);
      return batch.execute();
    });
    pending.forget(id);
  }

  /**
   * Moves a session to a new id: written under the new key (create-only), then the old key and
   * its index entry deleted; never a RENAME, which would cross cluster slots. Three round trips.
   *
   * @return false when the old session is gone or the new id is taken
   */
  public boolean changeId(String oldId, String newId) {
    Optional<SessionRecord> old = load(oldId);
    if (old.isEmpty() || !create(old.get().withId(newId))) {
      return false;
    }
    delete(oldId);
    return true;
  }

  /** Claims up to {@code max} expired sessions for this node; see {@link ExpiredSession}. */
  public List<ExpiredSession> claimExpired(int max) {
    return expiry.claim(max, System.currentTimeMillis());
  }

  /** Deletes a claimed expired session once its listeners ran. One round trip. */
  public void finishExpiry(ExpiredSession session) {
    expiry.finish(session);
  }

  /**
   * Takes the session's lock, waiting up to lockWait; empty when another holder kept it that
   * long (the caller decides: proceed unlocked or refuse). The lock ends after lockLease even if
   * its holder dies.
   */
  public Optional<SessionLock> lock(String id) {
    return locks.acquire(id);
  }

  /** Writes queued while Redis was down (for tests and shutdown). */
  public int pendingWrites() {
    return pending.size();
  }

  /** Tries to write queued changes now. */
  public void flushPending() {
    pending.flush();
  }

  @Override
  public void close() {
    pending.close();
    connection.close();
  }

  Keys keys() {
    return keys;
  }

  RedissonClient redis() {
    return redis;
  }

  private List<Object> saveArguments(SessionChange change) {
    List<Object> pairs = new ArrayList<>();
    if (change.lastAccessedTime() > 0) {
      HashFields.add(pairs, HashFields.LAST_ACCESS, HashFields.bytes(change.lastAccessedTime()));
    }
    if (change.maxInactiveSeconds() != Integer.MIN_VALUE) {
      HashFields.add(pairs, HashFields.MAX_INACTIVE, HashFields.bytes(change.maxInactiveSeconds()));
    }
    HashFields.add(pairs, HashFields.NODE, HashFields.bytes(config.nodeName()));
    List<Object> deletes = new ArrayList<>();
    if (change.loginChanged()) {
      if (change.principal() != null) {
        HashFields.add(pairs, HashFields.PRINCIPAL, change.principal());
      } else {
        deletes.add(HashFields.bytes(HashFields.PRINCIPAL));
      }
      if (change.authType() != null) {
        HashFields.add(pairs, HashFields.AUTH_TYPE, HashFields.bytes(change.authType()));
      } else {
        deletes.add(HashFields.bytes(HashFields.AUTH_TYPE));
      }
    }
    change.set().forEach((name, value) -> HashFields.add(pairs, HashFields.ATTRIBUTE + name, value));
    change.removed().forEach(name -> deletes.add(HashFields.bytes(HashFields.ATTRIBUTE + name)));
    List<Object> args = new ArrayList<>();
    args.add(HashFields.bytes(System.currentTimeMillis()));
    args.add(HashFields.bytes(config.expiryGrace().toMillis()));
    args.add(HashFields.bytes(pairs.size() / 2));
    args.addAll(pairs);
    args.addAll(deletes);
    return args;
  }

  /**
   * ZADD to the session's bucket, and the bucket's own TTL: set when it has none, extended when
   * this session outlives it (an hour past the expiry and grace, so a sweep can still find it).
   * The TTL commands are sent only when this store has not recently pushed the bucket's TTL far
   * enough, so most creates cost two commands in one round trip.
   */
  private void indexExpiry(RBatch batch, String digest, long expiryTime) {
    String bucketKey = keys.bucketOf(digest);
    var bucket = batch.getScoredSortedSet(bucketKey, StringCodec.INSTANCE);
    bucket.addAsync(expiryTime, digest);
    long needed = expiryTime + config.expiryGrace().toMillis() + BUCKET_MARGIN.toMillis() / 2;
    Long known = bucketDeadlines.get(bucketKey);
    if (known == null || known < needed) {
      java.time.Duration life = java.time.Duration.ofMillis(ttl(expiryTime)).plus(BUCKET_MARGIN);
      bucket.expireIfNotSetAsync(life);
      bucket.expireIfGreaterAsync(life);
      bucketDeadlines.put(bucketKey, System.currentTimeMillis() + life.toMillis());
    }
  }

  private long ttl(long expiryTime) {
    return Math.max(1000, expiryTime - System.currentTimeMillis() + config.expiryGrace().toMillis());
  }

  BatchOptions batchOptions() {
    BatchOptions options = BatchOptions.defaults();
    if (config.syncReplicas() > 0) {
      options = options.sync(config.syncReplicas(), config.syncTimeout());
    }
    return options;
  }

  int checkReplicas(BatchResult<?> result, String id) {
    int acknowledged = result.getSyncedSlaves();
    if (config.syncReplicas() > 0 && acknowledged < config.syncReplicas()) {
      String message = "[" + config.namespace() + "] " + SessionIds.forLog(id) + ": " + acknowledged + " of "
          + config.syncReplicas() + " replicas acknowledged the write within " + Durations.format(config.syncTimeout());
      if (config.syncFailure() == StoreConfig.SyncFailure.FAIL) {
        throw new IllegalStateException(message + " (syncFailure = fail)");
      }
      LOG.warn(message);
    }
    return acknowledged;
  }
}
