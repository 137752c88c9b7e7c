package dev.handoff.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionStore} in Redis: one hash per session, scripts for every write, the expiry
 * index, locks. Each operation costs one round trip (changing an id three); see the module README
 * for the measured counts.
 */
final class RedisSessionStore implements QueueingStore, PendingWrites.Writer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

  /**
   * The most fields a session hash may have (its attributes, notes and a dozen of the store's): far
   * above any real session, far below a planted hash that would stall Redis when listed.
   */
  static final int MAX_FIELDS = 10_000;

  /** How many session ids a node remembers by digest, to name the sessions it expires (KnownIds). */
  private static final int KNOWN_IDS = 100_000;
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
  /** Lock leases and expiry claims renewed while held, on one thread. */
  private final ScheduledExecutorService maintenance;
  private final DataMarker marker;
  /** How often the data marker is read in the background (one GET). */
  private static final java.time.Duration MARKER_CHECK = java.time.Duration.ofSeconds(5);
  private final KnownIds knownIds = new KnownIds(KNOWN_IDS);
  private final SealedValues sealed;
  private final Announcements announcements;

  RedisSessionStore(StoreConfig config, RedisConnection connection) {
    this.config = config;
    this.connection = connection;
    this.redis = connection.client();
    this.keys = new Keys(config);
    this.availability = new Availability(config.namespace());
    this.calls = new RedisCalls(availability, config.namespace(), RedisCalls.deadline(config),
        config.maxConcurrentCalls());
    this.pending = new PendingWrites(this, "Redis", config.namespace(), config.maxQueuedBytes());
    calls.onNoScript(this::loadScripts);
    this.sealed = new SealedValues(config.sessionKeys(), config.namespace());
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "handoff-maintenance-" + config.namespace());
      t.setDaemon(true);
      return t;
    });
    this.announcements = new Announcements(redis, keys, config.namespace(), maintenance);
    this.expiry = new ExpiryIndex(redis, keys, calls, config, knownIds, sealed, maintenance, announcements.channelPrefix());
    this.marker = new DataMarker(redis, calls, keys, config);
    maintenance.scheduleWithFixedDelay(marker::checkQuietly, MARKER_CHECK.toMillis(), MARKER_CHECK.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    this.locks = new SessionLocks(redis, keys, calls, config, maintenance);
    availability.addListener(state -> {
      if (state == State.UP) {
        pending.releaseCreates();
        maintenance.execute(marker::checkQuietly); // came back empty? before the queue: the sessions first
        pending.flushSoon();
      }
    });
  }

  static RedisSessionStore open(StoreConfig config) {
    RedisConnection connection = RedisConnections.acquire(config);
    LOG.info("[{}] Handoff session store: {}", config.namespace(), config);
    if (config.sessionKeys().isEmpty()) {
      LOG.warn("[{}] no sessionKey: attribute values and logins are stored in clear; whoever can read Redis"
          + " (a backup, a replica) reads them, and whoever can write it can plant values and logins that"
          + " Handoff decodes. Set sessionKey (see docs/security.md)", config.namespace());
    }
    RedisSessionStore store = new RedisSessionStore(config, connection);
    if (store.loadScripts()) {
      store.marker.checkQuietly(); // the epoch this node starts from (else: read when Redis answers)
    }
    return store;
  }

  /**
   * SCRIPT LOAD of every script on every primary, at open: the first use of each then costs one
   * round trip, not a NOSCRIPT reply and a load. When Redis is unreachable now, or loses its script
   * cache later (a restart), Redisson loads a script on its NOSCRIPT reply as before.
   */
  private boolean loadScripts() {
    try { // not through RedisCalls: a failure here must not hold the first requests back as "Redis down"
      RScript script = redis.getScript(StringCodec.INSTANCE);
      for (String lua : Scripts.ALL) {
        script.scriptLoad(lua);
      }
      return true;
    } catch (RuntimeException e) {
      LOG.info("[{}] scripts not loaded at start ({}); each is loaded at its first use", config.namespace(), e.toString());
      return false;
    }
  }

  @Override
  public StoreConfig config() {
    return config;
  }

  /** UP while Redis answers; DOWN after a connection fault until a call succeeds again. */
  @Override
  public State state() {
    return availability.state();
  }

  /** Called on every change of {@link #state()}. */
  @Override
  public void addStateListener(Consumer<State> listener) {
    availability.addListener(listener);
  }

  @Override
  public void addDataLossListener(Runnable listener) {
    marker.addListener(listener);
  }

  /**
   * The one read of a session, with one rule: a session that is absent, claimed for expiry or past
   * its expiry time is {@link ReadResult.Gone} (whether or not a sweep has claimed it yet); else,
   * when {@code touch}, its life is extended from now (a touch never brings back an expired
   * session); then the node's copy of {@code knownVersion} is {@link ReadResult.Current}, or the
   * whole session comes back ({@code knownVersion} 0: a load). One round trip, one script.
   */
  @Override
  public ReadResult read(String id, long knownVersion, boolean touch) {
    PendingWrites.Held held = pending.held(id);
    if (held == PendingWrites.Held.DELETE) {
      return new ReadResult.Gone(); // invalidated during an outage: gone here before Redis hears of it
    }
    if (held == PendingWrites.Held.CHANGE) {
      writeQueued(id); // what Redis holds must not be read back over this node's newer, queued state
    }
    String digest = keys.digest(id);
    String key = keys.session(digest);
    Announcements.Before before = announcements.before();
    List<?> reply = calls.run("read", id, () -> redis.getScript(ByteArrayCodec.INSTANCE)
        .<List<?>>evalShaAsync(key, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.READ), RScript.ReturnType.LIST, List.of(key),
            HashFields.bytes(knownVersion), HashFields.bytes(System.currentTimeMillis()),
            HashFields.bytes(touch ? 1 : 0), HashFields.bytes(config.expiryGrace().toMillis()),
            HashFields.bytes(config.maxSessionBytes()), HashFields.bytes(sealed.overhead()),
            HashFields.bytes(announcements.reader()), HashFields.bytes(announcements.channelPrefix()),
            HashFields.bytes(digest)));
    long tag = HashFields.number(reply.get(0));
    if (tag == 4) {
      throw new IllegalStateException("[" + config.namespace() + "] " + SessionIds.forLog(id) + " has "
          + HashFields.number(reply.get(1)) + " fields, above " + MAX_FIELDS + ": not loaded (planted?); it stays in Redis");
    }
    if (tag == 3) {
      throw new IllegalStateException("[" + config.namespace() + "] " + SessionIds.forLog(id) + " holds "
          + HashFields.number(reply.get(1)) + " bytes, above maxSessionBytes = " + config.maxSessionBytes()
          + ": not loaded (it stays in Redis until it expires)");
    }
    if (tag == 1) {
      knownIds.remember(digest, id);
      if (knownVersion > 0) {
        announcements.saw(digest, knownVersion, before);
      }
      return new ReadResult.Current(HashFields.number(reply.get(1)), HashFields.number(reply.get(2)),
          (int) HashFields.number(reply.get(3)));
    }
    SessionRecord record = tag == 2 ? HashFields.toRecord(config.namespace(), id, reply, 2) : null;
    if (record == null) {
      announcements.forget(digest);
      if (knownVersion > 0 && marker.check()) { // a session this node holds is missing: did Redis lose everything?
        throw new StoreUnavailableException("[" + config.namespace() + "] " + SessionIds.forLog(id)
            + " is not in Redis because Redis lost its data; this node's copy is kept and written back", null);
      }
      return new ReadResult.Gone();
    }
    record = sealed.open(digest, record);
    knownIds.remember(digest, id);
    announcements.saw(digest, record.version(), before);
    return new ReadResult.Loaded(record);
  }

  /**
   * Writes a new session, only if no other session holds its id; indexes its expiry. Every
   * attempt to create one node copy carries the same {@code createToken} ({@link
   * #newCreateToken}): an attempt that finds the hash written by an earlier attempt of its own (a
   * reply lost, a command resent) writes the record over it and counts as saved. One round trip
   * (the create script and ZADD pipelined).
   *
   * @return saved with the session's version, or {@link SaveResult.Status#ID_TAKEN} when another
   *     session holds the id
   */
  @Override
  public SaveResult create(SessionRecord record, String createToken) {
    checkSize(record.id(), record.size());
    if (record.attributes().size() > MAX_FIELDS - 20) {
      throw new IllegalArgumentException("[" + config.namespace() + "] " + SessionIds.forLog(record.id()) + ": a session"
          + " of " + record.attributes().size() + " attributes; at most " + (MAX_FIELDS - 20) + "; nothing was written");
    }
    String digest = keys.digest(record.id());
    List<Object> args = new ArrayList<>();
    args.add(HashFields.bytes(ttl(record.expiryTime())));
    args.add(HashFields.bytes(createToken));
    args.add(HashFields.bytes(announcements.reader()));
    args.add(HashFields.bytes(announcements.channelPrefix()));
    args.add(HashFields.bytes(digest));
    args.addAll(HashFields.of(sealed.seal(digest, record), createToken));
    Announcements.Before before = announcements.before();
    BatchResult<?> result;
    try {
      result = calls.run("create", record.id(), () -> withIndex(
          batch -> batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync(keys.session(digest), RScript.Mode.READ_WRITE,
              Scripts.sha(Scripts.CREATE), RScript.ReturnType.LONG, List.of(keys.session(digest)), args.toArray()),
          batch -> {
            indexExpiry(batch, digest, record.expiryTime());
            indexLogin(batch, digest, record.principal());
          }));
    } catch (StoreUnavailableException e) {
      pending.holdCreate(record.id(), record); // the container holds it until Redis takes it: counted
      throw e;
    }
    pending.created(record.id());
    long version = (Long) result.getResponses().get(0);
    if (version == 0) {
      return SaveResult.idTaken();
    }
    knownIds.remember(digest, record.id());
    announcements.saw(digest, version, before);
    return SaveResult.saved(version, checkReplicas(result, record.id()));
  }

  private void checkSize(String id, long bytes) {
    if (bytes > config.maxSessionBytes()) {
      throw aboveMaxSessionBytes(id, "a write of " + bytes + " bytes");
    }
  }

  private IllegalArgumentException aboveMaxSessionBytes(String id, String what) {
    return new IllegalArgumentException("[" + config.namespace() + "] " + SessionIds.forLog(id) + ": " + what
        + " is above maxSessionBytes = " + config.maxSessionBytes() + "; nothing was written");
  }

  /**
   * Writes one request's change: only the fields it names, the version bumped, the expiry and
   * TTL refreshed. Never brings back a session deleted meanwhile. One round trip (one script;
   * an index update rides along when the inactivity limit changed). While Redis is unreachable
   * the change is queued and merged with later ones; the newest state is written when it returns.
   */
  @Override
  public SaveResult save(String id, SessionChange change) {
    checkSize(id, change.set().values().stream().mapToLong(v -> v.length).sum());
    return pending.save(id, change, config.queueWhileDown());
  }

  /**
   * Writes the session's queued change now (after one being written from the queue), before a read:
   * else the read would return the older state Redis holds and the node's copy would take it.
   *
   * @throws StoreUnavailableException when Redis is still unreachable (the change stays queued)
   */
  private void writeQueued(String id) {
    SessionChange queued = pending.take(id);
    if (queued == null) {
      return; // written from the queue meanwhile
    }
    try {
      writeChange(id, queued);
    } catch (StoreUnavailableException e) {
      pending.putBack(id, queued);
      throw e;
    } finally {
      pending.done(id);
    }
  }

  @Override
  public SaveResult writeChange(String id, SessionChange change) {
    String digest = keys.digest(id);
    String key = keys.session(digest);
    List<Object> args = saveArguments(digest, sealed.seal(digest, change));
    Announcements.Before before = announcements.before();
    boolean reindex = change.maxInactiveSeconds() != Integer.MIN_VALUE && change.lastAccessedTime() > 0;
    byte[] login = change.loginChanged() ? change.principal() : null;
    if (!reindex && login == null && config.syncReplicas() == 0) {
      // The common save: the script alone, not a batch (a batch costs a script-cache check on its first use).
      List<?> reply = calls.run("save", id, () -> redis.getScript(ByteArrayCodec.INSTANCE).<List<?>>evalShaAsync(key,
          RScript.Mode.READ_WRITE, Scripts.sha(Scripts.SAVE), RScript.ReturnType.LIST, List.of(key), args.toArray()));
      return vouched(digest, saved(id, reply, 0), before);
    }
    BatchResult<?> result = calls.run("save", id, () -> withIndex(
        batch -> batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.SAVE),
            RScript.ReturnType.LIST, List.of(key), args.toArray()),
        reindex || login != null ? batch -> {
          if (reindex) {
            indexExpiry(batch, digest, SessionRecord.expiryTime(change.lastAccessedTime(), change.maxInactiveSeconds()));
          }
          indexLogin(batch, digest, login);
        } : null));
    SaveResult saved = vouched(digest, saved(id, (List<?>) result.getResponses().get(0), 0), before);
    return saved.status() == SaveResult.Status.SAVED ? SaveResult.saved(saved.version(), checkReplicas(result, id)) : saved;
  }

  /** A save's result, the version it wrote vouched for (or the copy forgotten when the session is gone). */
  private SaveResult vouched(String digest, SaveResult saved, Announcements.Before before) {
    if (saved.status() == SaveResult.Status.SAVED) {
      announcements.saw(digest, saved.version(), before);
    } else {
      announcements.forget(digest);
    }
    return saved;
  }

  /**
   * True when this node's copy of {@code version} is what Redis holds as far as this store would
   * have heard: it read or wrote that version while subscribed to announcements of other nodes'
   * writes, has heard of none since, has heard its own heartbeat within the last second, and holds
   * nothing queued for the session. The adapter may then serve the copy without asking Redis.
   */
  @Override
  public boolean knowsCurrent(String id, long version) {
    return availability.state() == State.UP && pending.held(id) == PendingWrites.Held.NOTHING
        && announcements.current(keys.digest(id), version);
  }

  /** What save.lua's reply says: saved at a version, gone, or refused (an exception naming why). */
  private SaveResult saved(String id, List<?> reply, int replicas) {
    long version = HashFields.number(reply.get(0));
    if (version == -3) {
      throw new IllegalStateException("[" + config.namespace() + "] " + SessionIds.forLog(id) + " has "
          + HashFields.number(reply.get(1)) + " fields, above " + MAX_FIELDS + ": the save wrote nothing");
    }
    if (version == -2) {
      throw aboveMaxSessionBytes(id, "a save would make the session " + HashFields.number(reply.get(1)) + " bytes");
    }
    return version < 0 ? SaveResult.gone() : SaveResult.saved(version, replicas);
  }

  /**
   * Deletes the session and its index entry (invalidation). One round trip. With syncReplicas it
   * waits for the session shard's replicas like a save ({@link TooFewReplicasException} with
   * syncFailure=fail; the delete stands on the primary).
   */
  @Override
  public void delete(String id) {
    try {
      deleteNow(id);
    } catch (StoreUnavailableException e) {
      pending.delete(id); // remembered: refused at once here, written before anything else when Redis returns
      LOG.warn("[{}] {} invalidated while Redis is unreachable: the invalidation is queued", config.namespace(),
          SessionIds.forLog(id));
      return;
    } catch (TooFewReplicasException e) {
      pending.forget(id); // on the primary all the same
      throw e;
    }
    pending.forget(id);
  }

  /** One cheap command (EXISTS of a key no session has), to learn whether Redis answers again. */
  @Override
  public void probe() {
    calls.run("probe", () -> redis.getKeys().countExistsAsync(keys.session("probe")));
  }

  /** The delete itself: the hash and its index entry, in one round trip. */
  @Override
  public void deleteNow(String id) {
    checkReplicas(deleteByDigest(keys.digest(id), id), id);
  }

  /**
   * Deletes the session of this digest (its readers are told, as for any invalidation) and its
   * index entry, in one round trip; {@code id} names it in errors, null when unknown (an
   * administrator's "log out everywhere").
   */
  BatchResult<?> deleteByDigest(String digest, String id) {
    announcements.forget(digest);
    String key = keys.session(digest);
    java.util.function.Supplier<java.util.concurrent.CompletionStage<BatchResult<?>>> delete = () -> withIndex(
        batch -> batch.getScript(StringCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.DELETE),
            RScript.ReturnType.LONG, List.of(key), announcements.channelPrefix(), digest, announcements.reader()),
        batch -> batch.getScoredSortedSet(keys.bucketOf(digest), StringCodec.INSTANCE).removeAsync(digest));
    BatchResult<?> result = id == null ? calls.run("delete", delete) : calls.run("delete", id, delete);
    knownIds.forget(digest);
    return result;
  }

  /**
   * With a login written, the session joins its user's set ({@link FleetSessions}), in the same
   * batch as the write: no round trip of its own. Bytes that are not a login are not indexed.
   */
  private void indexLogin(RBatch batch, String digest, byte[] principal) {
    String user = principal == null ? null : Login.nameOf(principal);
    if (user == null) {
      return;
    }
    String set = keys.logins(user);
    batch.getScript(StringCodec.INSTANCE).evalShaAsync(set, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.LOGINS),
        RScript.ReturnType.LONG, List.of(set), digest, Long.toString(FleetSessions.LOGINS_TTL.toMillis()));
  }

  /** Counting and ending sessions across the fleet (an administrator's tools: JMX, bin/handoff-admin). */
  @Override
  public FleetSessions fleet() {
    return new FleetSessions(this, redis, keys, calls, sealed);
  }

  /**
   * A write of the session's key and, when {@code indexPart} is given, of its expiry index bucket
   * (another slot, often another shard), in one round trip. Without syncReplicas both go in one
   * batch. With it, the session's command goes in a batch of its own that waits for replicas, so
   * that the acknowledgements counted are its shard's alone (Redisson sums those of every shard a
   * batch touches, and an index shard's replica would stand in for the session's); the index
   * update is sent beside it at the same time, not waited for by replicas. The result is the
   * session batch's.
   */
  private java.util.concurrent.CompletionStage<BatchResult<?>> withIndex(java.util.function.Consumer<RBatch> sessionPart,
      java.util.function.Consumer<RBatch> indexPart) {
    RBatch session = redis.createBatch(batchOptions());
    sessionPart.accept(session);
    if (indexPart == null || config.syncReplicas() == 0) {
      if (indexPart != null) {
        indexPart.accept(session);
      }
      return session.executeAsync().thenApply(r -> r);
    }
    RBatch index = redis.createBatch(BatchOptions.defaults());
    indexPart.accept(index);
    java.util.concurrent.CompletableFuture<BatchResult<?>> indexed = index.executeAsync().toCompletableFuture()
        .thenApply(r -> r);
    return session.executeAsync().thenCombine(indexed, (sessionResult, indexResult) -> sessionResult);
  }

  /** Claims up to {@code max} expired sessions for this node; see {@link ExpiredSession}. */
  @Override
  public List<ExpiredSession> claimExpired(int max) {
    return expiry.claim(max, System.currentTimeMillis());
  }

  /**
   * The same, naming each claimed session by its id when it is among {@code idsHeld} (the ids the
   * container holds; Redis holds none), else by the id this node last saw, else by a stand-in.
   */
  @Override
  public List<ExpiredSession> claimExpired(int max, java.util.Collection<String> idsHeld) {
    idsHeld.forEach(id -> knownIds.remember(keys.digest(id), id));
    return claimExpired(max);
  }

  /** Deletes a claimed expired session once its listeners ran. One round trip. */
  @Override
  public void finishExpiry(ExpiredSession session) {
    expiry.finish(session);
  }

  /**
   * Takes the session's lock, waiting up to lockWait; empty when another holder kept it that
   * long (the caller decides: proceed unlocked or refuse). The lock ends after lockLease even if
   * its holder dies.
   */
  @Override
  public Optional<SessionLock> lock(String id) {
    return locks.acquire(id);
  }

  @Override
  public PendingWrites pending() {
    return pending;
  }

  @Override
  public SealedValues sealed() {
    return sealed;
  }

  @Override
  public void close() {
    announcements.close();
    pending.close();
    maintenance.shutdownNow();
    connection.close();
  }

  Keys keys() {
    return keys;
  }

  /** True while this store would hear of a write announced now (for tests). */
  boolean listening() {
    announcements.current("", 1); // asks, as a request would: a heartbeat goes out when due
    return announcements.listening();
  }

  /** Announcements of other nodes' writes this store heard (for tests and benchmarks). */
  long announcementsHeard() {
    return announcements.received();
  }

  RedissonClient redis() {
    return redis;
  }

  private List<Object> saveArguments(String digest, SessionChange change) {
    List<Object> pairs = new ArrayList<>();
    if (change.lastAccessedTime() > 0) {
      HashFields.add(pairs, HashFields.LAST_ACCESS, HashFields.bytes(change.lastAccessedTime()));
    }
    if (change.maxInactiveSeconds() != Integer.MIN_VALUE) {
      HashFields.add(pairs, HashFields.MAX_INACTIVE, HashFields.bytes(change.maxInactiveSeconds()));
    }
    HashFields.add(pairs, HashFields.NODE, HashFields.bytes(config.nodeName()));
    HashFields.addContainerFields(pairs, change.containerFields());
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
    args.add(HashFields.bytes(config.maxSessionBytes()));
    args.add(HashFields.bytes(sealed.overhead()));
    args.add(HashFields.bytes(pairs.size() / 2));
    args.add(HashFields.bytes(SessionStore.newCreateToken())); // this write's token: a resend of it is applied once
    args.add(HashFields.bytes(announcements.reader()));
    args.add(HashFields.bytes(announcements.channelPrefix()));
    args.add(HashFields.bytes(digest));
    args.addAll(pairs);
    args.addAll(deletes);
    return args;
  }

  /**
   * ZADD to the session's bucket, and the bucket's own TTL: set when it has none, extended when
   * this session outlives it (an hour past the expiry and grace, so a sweep can still find it). The
   * TTL is left alone while this store recently pushed it far enough: then a ZADD alone; else
   * index.lua, the ZADD and both PEXPIREs in one command.
   */
  private void indexExpiry(RBatch batch, String digest, long expiryTime) {
    String bucketKey = keys.bucketOf(digest);
    long needed = expiryTime + config.expiryGrace().toMillis() + BUCKET_MARGIN.toMillis() / 2;
    Long known = bucketDeadlines.get(bucketKey);
    if (known != null && known >= needed) {
      batch.getScoredSortedSet(bucketKey, StringCodec.INSTANCE).addAsync(expiryTime, digest);
      return;
    }
    long life = ttl(expiryTime) + BUCKET_MARGIN.toMillis();
    bucketDeadlines.put(bucketKey, System.currentTimeMillis() + life);
    batch.getScript(StringCodec.INSTANCE).evalShaAsync(bucketKey, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.INDEX),
        RScript.ReturnType.LONG, List.of(bucketKey), Long.toString(expiryTime), digest, Long.toString(life));
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
        throw new TooFewReplicasException(message + " (syncFailure = fail)");
      }
      LOG.warn(message);
    }
    return acknowledged;
  }
}
