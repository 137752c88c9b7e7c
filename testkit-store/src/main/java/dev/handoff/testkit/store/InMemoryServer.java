package dev.handoff.testkit.store;

import dev.handoff.store.ContainerField;
import dev.handoff.store.MalformedSessionException;
import dev.handoff.store.ReadResult;
import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionIds;
import dev.handoff.store.SessionRecord;
import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server of {@link InMemorySessionStore}s: the sessions of every namespace, in this JVM's
 * memory. Stores opened on one server are the nodes of one fleet; {@link #stop} and {@link
 * #start} make it unreachable and reachable again, as a Redis going down and coming back.
 *
 * <p>It keeps the rules of the Redis store, so adapter logic tested on it behaves the same on
 * Redis: a session past its expiry time is gone for every read and every save (whether or not a
 * sweep claimed it), a touch never extends an expired session, a create is create-only unless it
 * carries the token of the create that wrote the session, a delete is final, a claim of an
 * expired session holds for a minute, a lock ends at its lease.
 */
public final class InMemoryServer {

  /** How long a claim holds before another node may take over from a claimer that died. */
  static final long CLAIM_HOLD_MS = 60_000;

  private final Map<String, Stored> sessions = new HashMap<>();
  private final Map<String, Lock> locks = new HashMap<>();
  private volatile boolean reachable = true;

  /** A store of this server for one application: one node of the fleet when its namespace is shared. */
  public SessionStore open(StoreConfig config) {
    return new InMemorySessionStore(this, config);
  }

  /** Makes the server unreachable: every call of every store fails or queues, as with Redis down. */
  public void stop() {
    reachable = false;
  }

  /** Makes it reachable again (its sessions are kept, as with an append-only Redis). */
  public void start() {
    reachable = true;
  }

  boolean reachable() {
    return reachable;
  }

  /**
   * True when the server holds the session (expired ones not yet removed included), as Redis
   * EXISTS of its key answers: for tests that ask what is in storage.
   */
  public synchronized boolean holds(String namespace, String id) {
    return sessions.containsKey(namespace + "\n" + id);
  }

  /**
   * Makes the session unreadable, as a hostile or broken writer of Redis would (a store field that
   * is not a number): every read of it fails with {@link MalformedSessionException}.
   */
  public synchronized void corrupt(String namespace, String id) {
    Stored stored = sessions.get(namespace + "\n" + id);
    if (stored != null) {
      stored.malformed = true;
    }
  }

  /** The sessions held, every namespace, expired ones not yet removed included. */
  public synchronized int size() {
    return sessions.size();
  }

  private static final class Stored {
    long creationTime;
    long lastAccessedTime;
    int maxInactiveSeconds;
    long version;
    String lastNode;
    byte[] principal;
    String authType;
    String createToken;
    long claimedAt;
    boolean malformed;
    final Map<String, byte[]> attributes = new LinkedHashMap<>();
    final Map<ContainerField, Long> containerFields = new EnumMap<>(ContainerField.class);

    long expiryTime() {
      return maxInactiveSeconds > 0 ? lastAccessedTime + maxInactiveSeconds * 1000L
          : lastAccessedTime + SessionRecord.UNLIMITED_KEEP_MILLIS;
    }

    /** Gone for reads and saves: claimed, or past its expiry time with an inactivity limit. */
    boolean gone(long now) {
      return claimedAt > 0 || (maxInactiveSeconds > 0 && expiryTime() <= now);
    }

    SessionRecord record(String id) {
      return new SessionRecord(id, creationTime, lastAccessedTime, maxInactiveSeconds, version, lastNode, principal,
          authType, attributes, containerFields);
    }
  }

  private record Lock(String token, long until) {
  }

  private static String key(StoreConfig config, String id) {
    return config.namespace() + "\n" + id;
  }

  /** The session under the key, after dropping it when its TTL (expiry plus grace) ran out. */
  private Stored live(StoreConfig config, String key, long now) {
    Stored stored = sessions.get(key);
    if (stored != null && stored.expiryTime() + config.expiryGrace().toMillis() <= now) {
      sessions.remove(key);
      return null;
    }
    return stored;
  }

  synchronized ReadResult read(StoreConfig config, String id, long knownVersion, boolean touch, long now) {
    Stored stored = live(config, key(config, id), now);
    if (stored == null || stored.gone(now)) {
      return new ReadResult.Gone();
    }
    if (stored.malformed) {
      throw new MalformedSessionException("[" + config.namespace() + "] " + SessionIds.forLog(id)
          + ": the field ct is not a number; the session cannot be read");
    }
    if (touch && now > stored.lastAccessedTime) {
      stored.lastAccessedTime = now;
    }
    if (knownVersion == stored.version || knownVersion == -1) {
      return new ReadResult.Current(stored.version, stored.lastAccessedTime, stored.maxInactiveSeconds);
    }
    SessionRecord record = stored.record(id);
    if (record.size() > config.maxSessionBytes()) {
      throw new IllegalStateException("[" + config.namespace() + "] " + SessionIds.forLog(id) + " holds "
          + record.size() + " bytes, above maxSessionBytes = " + config.maxSessionBytes() + ": not loaded");
    }
    return new ReadResult.Loaded(record);
  }

  synchronized SaveResult create(StoreConfig config, SessionRecord record, String token, long now) {
    String key = key(config, record.id());
    Stored stored = live(config, key, now);
    if (stored != null && (!token.equals(stored.createToken) || stored.claimedAt > 0)) {
      return new SaveResult(SaveResult.Status.ID_TAKEN, -1, 0);
    }
    if (stored == null) {
      stored = new Stored();
      sessions.put(key, stored);
    }
    stored.creationTime = record.creationTime();
    stored.lastAccessedTime = record.lastAccessedTime();
    stored.maxInactiveSeconds = record.maxInactiveSeconds();
    stored.lastNode = config.nodeName();
    stored.principal = record.principal();
    stored.authType = record.authType();
    stored.createToken = token;
    stored.attributes.putAll(record.attributes());
    stored.containerFields.putAll(record.containerFields());
    stored.version++;
    return new SaveResult(SaveResult.Status.SAVED, stored.version, 0);
  }

  synchronized SaveResult save(StoreConfig config, String id, SessionChange change, long now) {
    Stored stored = live(config, key(config, id), now);
    if (stored == null || stored.gone(now)) {
      return new SaveResult(SaveResult.Status.GONE, -1, 0);
    }
    long after = stored.record(id).withChange(change, stored.version + 1).size();
    if (after > config.maxSessionBytes()) {
      throw new IllegalArgumentException("[" + config.namespace() + "] " + SessionIds.forLog(id)
          + ": a save would make the session " + after + " bytes, above maxSessionBytes = " + config.maxSessionBytes());
    }
    if (change.lastAccessedTime() > 0) {
      stored.lastAccessedTime = change.lastAccessedTime();
    }
    if (change.maxInactiveSeconds() != Integer.MIN_VALUE) {
      stored.maxInactiveSeconds = change.maxInactiveSeconds();
    }
    stored.lastNode = config.nodeName();
    if (change.loginChanged()) {
      stored.principal = change.principal();
      stored.authType = change.authType();
    }
    stored.attributes.putAll(change.set());
    change.removed().forEach(stored.attributes::remove);
    stored.containerFields.putAll(change.containerFields());
    stored.version++;
    return new SaveResult(SaveResult.Status.SAVED, stored.version, 0);
  }

  synchronized void delete(StoreConfig config, String id) {
    sessions.remove(key(config, id));
  }

  /** Claims up to {@code max} sessions of the namespace past their expiry time, each for one node. */
  synchronized List<SessionRecord> claim(StoreConfig config, int max, long now) {
    List<SessionRecord> claimed = new ArrayList<>();
    String prefix = config.namespace() + "\n";
    for (Iterator<Map.Entry<String, Stored>> it = sessions.entrySet().iterator(); it.hasNext() && claimed.size() < max; ) {
      Map.Entry<String, Stored> entry = it.next();
      Stored stored = entry.getValue();
      if (!entry.getKey().startsWith(prefix)) {
        continue;
      }
      if (stored.expiryTime() + config.expiryGrace().toMillis() <= now) {
        it.remove(); // its TTL ran out before any sweep came: no listener, as on Redis
        continue;
      }
      if (stored.expiryTime() <= now && (stored.claimedAt == 0 || stored.claimedAt + CLAIM_HOLD_MS <= now)) {
        stored.claimedAt = now;
        claimed.add(stored.record(entry.getKey().substring(prefix.length())));
      }
    }
    return claimed;
  }

  /** Takes the lock of a session when it is free or its lease ran out. */
  synchronized boolean lock(StoreConfig config, String id, String token, long now) {
    String key = key(config, id);
    Lock held = locks.get(key);
    if (held != null && held.until() > now) {
      return false;
    }
    locks.put(key, new Lock(token, now + config.lockLease().toMillis()));
    return true;
  }

  /** Releases the lock only while it still holds {@code token}: a late release frees nothing. */
  synchronized void unlock(StoreConfig config, String id, String token) {
    String key = key(config, id);
    Lock held = locks.get(key);
    if (held != null && held.token().equals(token)) {
      locks.remove(key);
    }
  }
}
