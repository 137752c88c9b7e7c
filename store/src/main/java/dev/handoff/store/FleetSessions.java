package dev.handoff.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * A namespace's sessions across every node, for administrators (JMX, {@code bin/handoff-admin}):
 * how many there are, the sessions a user is logged in to, and ending them all ("log out
 * everywhere", as Spring Session's {@code findByPrincipalName} allows).
 *
 * <p>Each write that carries a login adds the session to its user's set in Redis (a digest of the
 * user name; members are session digests, never ids), in the same round trip. The set is not
 * trimmed as sessions log out, expire or change id: every read checks each member against the
 * session itself (present, not expired or claimed, and logged in as that user: the login is
 * opened with the sessionKey, so a member planted in the set names no session of another user),
 * and removes those that fail. A set lives 31 days past its user's last login.
 */
public final class FleetSessions {

  /** How long a user's set outlives their latest login. */
  static final Duration LOGINS_TTL = Duration.ofDays(31);

  /** What an administrator sees of a session: never its id (Redis holds none). */
  public record Summary(long createdAt, long lastAccessedAt, String lastNode, String authType) {
  }

  private static final List<String> FIELDS = List.of(HashFields.PRINCIPAL, HashFields.EXPIRY, HashFields.CLAIM,
      HashFields.CREATED, HashFields.LAST_ACCESS, HashFields.NODE, HashFields.AUTH_TYPE);

  private final RedisSessionStore store;
  private final RedissonClient redis;
  private final Keys keys;
  private final RedisCalls calls;
  private final SealedValues sealed;

  FleetSessions(RedisSessionStore store, RedissonClient redis, Keys keys, RedisCalls calls, SealedValues sealed) {
    this.store = store;
    this.redis = redis;
    this.keys = keys;
    this.calls = calls;
    this.sealed = sealed;
  }

  /**
   * The sessions of this namespace in Redis, every node's: the entries of the expiry index, so a
   * session that expired and that no node has swept yet still counts. One round trip.
   */
  public long count() {
    BatchResult<?> sizes = calls.run("count", () -> {
      RBatch batch = redis.createBatch(org.redisson.api.BatchOptions.defaults());
      for (int i = 0; i < keys.buckets(); i++) {
        batch.getScoredSortedSet(keys.bucket(i), StringCodec.INSTANCE).sizeAsync();
      }
      return batch.executeAsync();
    });
    return sizes.getResponses().stream().mapToLong(size -> ((Number) size).longValue()).sum();
  }

  /** The sessions {@code user} is logged in to now, on any node. Two round trips. */
  public List<Summary> sessionsOf(String user) {
    return new ArrayList<>(loggedIn(user).values());
  }

  /**
   * Ends every session {@code user} is logged in to, on every node: each is deleted as an
   * invalidation is (the nodes holding a copy are told, and drop it). The container's session
   * listeners do not run for them. Returns how many were ended.
   */
  public int invalidateSessionsOf(String user) {
    Map<String, Summary> sessions = loggedIn(user);
    sessions.keySet().forEach(digest -> store.deleteByDigest(digest, null));
    if (!sessions.isEmpty()) {
      String set = keys.logins(user);
      calls.run("logins", () -> redis.getSet(set, StringCodec.INSTANCE).removeAllAsync(sessions.keySet()));
    }
    return sessions.size();
  }

  /** Digest to summary of the live sessions logged in as {@code user}; the set's other members are removed. */
  private Map<String, Summary> loggedIn(String user) {
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("a user name is needed");
    }
    String set = keys.logins(user);
    List<String> members = new ArrayList<>();
    calls.run("logins", () -> redis.<String>getSet(set, StringCodec.INSTANCE).readAllAsync()).forEach(members::add);
    if (members.isEmpty()) {
      return Map.of();
    }
    BatchResult<?> hashes = calls.run("logins", () -> {
      RBatch batch = redis.createBatch(org.redisson.api.BatchOptions.defaults());
      for (String digest : members) {
        batch.getMap(keys.session(digest), ByteArrayCodec.INSTANCE).getAllAsync(new java.util.LinkedHashSet<>(
            FIELDS.stream().map(f -> (Object) HashFields.bytes(f)).toList()));
      }
      return batch.executeAsync();
    });
    long now = System.currentTimeMillis();
    Map<String, Summary> live = new LinkedHashMap<>();
    List<String> stale = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      String digest = members.get(i);
      Map<String, byte[]> fields = new LinkedHashMap<>();
      ((Map<?, ?>) hashes.getResponses().get(i)).forEach((k, v) -> fields.put(HashFields.text((byte[]) k), (byte[]) v));
      Summary summary = summaryIfLoggedIn(digest, fields, user, now);
      if (summary == null) {
        stale.add(digest);
      } else {
        live.put(digest, summary);
      }
    }
    if (!stale.isEmpty()) {
      calls.run("logins", () -> redis.getSet(set, StringCodec.INSTANCE).removeAllAsync(stale));
    }
    return live;
  }

  private Summary summaryIfLoggedIn(String digest, Map<String, byte[]> fields, String user, long now) {
    byte[] principal = fields.get(HashFields.PRINCIPAL);
    if (principal == null || fields.get(HashFields.CLAIM) != null || number(fields.get(HashFields.EXPIRY), Long.MAX_VALUE) <= now) {
      return null; // logged out, gone, claimed by an expiry sweep, or past its expiry
    }
    byte[] plain = sealed.enabled() ? sealed.open(digest, HashFields.PRINCIPAL, principal, "session " + digest) : principal;
    if (plain == null || !user.equals(Login.nameOf(plain))) {
      return null; // another user's login (moved or planted), or one that does not open
    }
    byte[] node = fields.get(HashFields.NODE);
    byte[] authType = fields.get(HashFields.AUTH_TYPE);
    return new Summary(number(fields.get(HashFields.CREATED), 0), number(fields.get(HashFields.LAST_ACCESS), 0),
        node == null ? null : HashFields.text(node), authType == null ? null : HashFields.text(authType));
  }

  /** The field's number, or {@code absent} when the field is absent or not a number. */
  private static long number(byte[] field, long absent) {
    try {
      return field == null ? absent : HashFields.number(field);
    } catch (NumberFormatException e) {
      return absent;
    }
  }
}
