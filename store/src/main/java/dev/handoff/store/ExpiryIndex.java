package dev.handoff.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
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
 * The expiry index: sorted sets (one per bucket, each its own cluster slot) of session digests
 * scored by expiry time. It needs no keyspace notifications. A score is a lower bound: saves and
 * touches that extend a session do not update it; when the score passes, the claim script reads
 * the real expiry and the session is re-indexed instead of expired. So the cost of the index is
 * one ZADD per created session and one re-index per inactivity period of a session in use.
 *
 * <p>Each claim carries its own token (this node's, and the claim's number): a resent claim gets
 * the session again, only that claim finishes it, and while the adapter runs its listeners the
 * claims it holds are renewed every third of expiryClaimHold, so that a slow listener does
 * not let another node claim the session and fire them a second time.
 */
final class ExpiryIndex {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryIndex.class);

  /** How long a claim holds, unless renewed, before another node may take over from a claimer that died. */
  private final long claimHoldMs;

  private final RedissonClient redis;
  private final Keys keys;
  private final RedisCalls calls;
  private final String token;
  private final KnownIds knownIds;
  private final String namespace;

  private final SealedValues sealed;
  private final java.util.concurrent.atomic.AtomicLong claims = new java.util.concurrent.atomic.AtomicLong();
  /** Claims won and not finished yet, digest to claim token: renewed until finished. */
  private final java.util.Map<String, String> held = new java.util.concurrent.ConcurrentHashMap<>();

  /** The channels of the sessions' readers, told that a session claimed here is gone. */
  private final String readerChannelPrefix;

  ExpiryIndex(RedissonClient redis, Keys keys, RedisCalls calls, StoreConfig config, KnownIds knownIds,
      SealedValues sealed, java.util.concurrent.ScheduledExecutorService maintenance, String readerChannelPrefix) {
    this.sealed = sealed;
    this.readerChannelPrefix = readerChannelPrefix;
    this.knownIds = knownIds;
    this.namespace = config.namespace();
    this.redis = redis;
    this.keys = keys;
    this.calls = calls;
    byte[] nonce = new byte[6];
    RandomBytes.fill(nonce);
    this.token = config.nodeName() + "/" + HexFormat.of().formatHex(nonce);
    this.claimHoldMs = config.expiryClaimHold().toMillis();
    long every = Math.max(1, claimHoldMs / 3);
    maintenance.scheduleWithFixedDelay(this::renewHeld, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Two round trips: the due entries of every bucket (one pipelined batch), then one claim script
   * per candidate (another batch). Orphans (data already gone) are removed, live sessions
   * re-indexed, and the sessions this node won are returned.
   */
  List<ExpiredSession> claim(int max, long now) {
    String claim = token + "/" + claims.incrementAndGet();
    List<String> candidates = new ArrayList<>();
    BatchResult<?> due = calls.run("read the expiry index", () -> {
      RBatch batch = redis.createBatch(BatchOptions.defaults());
      for (int i = 0; i < keys.buckets(); i++) {
        batch.getScoredSortedSet(keys.bucket(i), StringCodec.INSTANCE)
            .valueRangeAsync(Double.NEGATIVE_INFINITY, true, now, true, 0, max);
      }
      return batch.executeAsync();
    });
    for (Object bucket : due.getResponses()) {
      for (Object digest : (Collection<?>) bucket) {
        if (candidates.size() < max) {
          candidates.add((String) digest);
        }
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    BatchResult<?> claims = calls.run("claim expired sessions", () -> {
      RBatch batch = redis.createBatch(BatchOptions.defaults());
      for (String digest : candidates) {
        String key = keys.session(digest);
        batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.CLAIM),
            RScript.ReturnType.LIST, List.of(key), HashFields.bytes(now), HashFields.bytes(claim),
            HashFields.bytes(claimHoldMs), HashFields.bytes(readerChannelPrefix), HashFields.bytes(digest));
      }
      return batch.executeAsync();
    });
    List<ExpiredSession> won = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    java.util.Map<String, Long> alive = new java.util.LinkedHashMap<>(); // digest -> real expiry
    for (int i = 0; i < candidates.size(); i++) {
      List<?> reply = (List<?>) claims.getResponses().get(i);
      long outcome = HashFields.number(reply.get(0));
      if (outcome == 0) {
        orphans.add(candidates.get(i));
      } else if (outcome == 1) {
        alive.put(candidates.get(i), HashFields.number(reply.get(1)));
      } else if (outcome == 3) {
        SessionRecord record;
        try {
          record = HashFields.toRecord(namespace, knownIds.idOf(candidates.get(i)), reply, 1);
        } catch (MalformedSessionException e) {
          // claimed (so gone for every read) and left to its TTL; no listener can be given its data
          LOG.warn("{}; expired without listeners", e.getMessage());
          record = null;
        }
        if (record == null) {
          orphans.add(candidates.get(i));
        } else {
          won.add(new ExpiredSession(sealed.open(candidates.get(i), record), candidates.get(i), claim));
          held.put(candidates.get(i), claim);
        }
      }
    }
    if (!orphans.isEmpty() || !alive.isEmpty()) {
      calls.run("tidy the expiry index", () -> {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        for (String digest : orphans) {
          batch.getScoredSortedSet(keys.bucketOf(digest), StringCodec.INSTANCE).removeAsync(digest);
        }
        alive.forEach((digest, expiry) ->
            batch.getScoredSortedSet(keys.bucketOf(digest), StringCodec.INSTANCE).addAsync(expiry, digest));
        return batch.executeAsync();
      });
    }
    return won;
  }

  /**
   * Deletes the session if its claim still holds it, and its index entry. A claim taken over by
   * another node (this one stalled past the hold) deletes nothing; that node finishes it.
   */
  void finish(ExpiredSession session) {
    String key = keys.session(session.digest());
    BatchResult<?> result = calls.run("finish the expiry of " + SessionIds.forLog(session.record().id()), () -> {
      RBatch batch = redis.createBatch(BatchOptions.defaults());
      if (session.claim() == null) {
        batch.getKeys().deleteAsync(key);
      } else {
        batch.getScript(StringCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, Scripts.sha(Scripts.CLAIM_FINISH),
            RScript.ReturnType.LONG, List.of(key), session.claim());
      }
      batch.getScoredSortedSet(keys.bucketOf(session.digest()), StringCodec.INSTANCE).removeAsync(session.digest());
      return batch.executeAsync();
    });
    held.remove(session.digest(), session.claim());
    knownIds.forget(session.digest());
    if (((Number) result.getResponses().get(0)).longValue() == 0 && session.claim() != null) {
      LOG.warn("[{}] the expiry claim of {} was taken over before its listeners finished here (they ran longer than"
          + " the claim could be renewed): the other node finishes it", namespace, SessionIds.forLog(session.record().id()));
    }
  }

  /** Renews every claim won and not finished: a listener slower than the hold keeps its claim. */
  private void renewHeld() {
    if (held.isEmpty()) {
      return;
    }
    java.util.Map<String, String> now = java.util.Map.copyOf(held);
    try {
      calls.run("renew expiry claims", () -> {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        long at = System.currentTimeMillis();
        now.forEach((digest, claim) -> batch.getScript(StringCodec.INSTANCE).evalShaAsync(keys.session(digest),
            RScript.Mode.READ_WRITE, Scripts.sha(Scripts.CLAIM_RENEW), RScript.ReturnType.LONG, List.of(keys.session(digest)),
            Long.toString(at), claim));
        return batch.executeAsync();
      });
    } catch (RuntimeException e) {
      LOG.debug("[{}] renewing {} expiry claims failed: {}", namespace, now.size(), e.toString());
    }
  }
}
