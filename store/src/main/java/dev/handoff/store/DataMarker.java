package dev.handoff.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisClusterMaster;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.cluster.ClusterSlotRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when Redis lost Handoff's data: restarted without persistence, flushed, or failed over
 * to a node that had no replica of it. The store keeps a marker key (a random epoch, written once,
 * its TTL renewed by every check; not {@code CONFIG} or {@code INFO}, which ElastiCache restricts),
 * one on each shard of a cluster (a hash tag of a slot the shard serves), since a shard can lose
 * its data while the others keep theirs. When a marker this node saw is gone, or holds another
 * epoch (another node found it gone first and wrote a new one), the data this node saw is gone:
 * one warning, a new marker, and the listeners are told, so that the adapter writes back the
 * sessions it holds. A marker this node never saw (its first check, or a shard new to it) is only
 * written. Checked every few seconds, when Redis answers again, and when a session this node holds
 * is found missing.
 */
final class DataMarker {

  private static final Logger LOG = LoggerFactory.getLogger(DataMarker.class);
  /**
   * The marker's TTL, renewed by every check (GETEX): longer than any session lives, so that it
   * outlives them while a node runs, and goes with them when nobody uses the namespace any more.
   */
  private static final java.time.Duration LIFE = java.time.Duration.ofMillis(SessionRecord.UNLIMITED_KEEP_MILLIS)
      .plusDays(1);

  private final RedissonClient redis;
  private final RedisCalls calls;
  private final String key;
  private final boolean cluster;
  private final String namespace;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** The epoch this node last saw in each marker key. */
  private final Map<String, String> seen = new HashMap<>();

  DataMarker(RedissonClient redis, RedisCalls calls, Keys keys, StoreConfig config) {
    this.redis = redis;
    this.calls = calls;
    this.key = keys.marker();
    this.cluster = config.topology() == StoreConfig.Topology.CLUSTER;
    this.namespace = config.namespace();
  }

  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Reads the markers (one round trip, the shards in parallel; on a cluster one more for its
   * slots, and one more when a marker must be written). True when Redis lost data this node saw:
   * the warning is logged and the listeners told, once per loss.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  synchronized boolean check() {
    List<String> markers = markerKeys();
    RBatch read = redis.createBatch();
    for (String marker : markers) {
      read.<String>getBucket(marker, StringCodec.INSTANCE).getAndExpireAsync(LIFE);
    }
    List<?> epochs = calls.run("read the data markers", read::executeAsync).getResponses();
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < markers.size(); i++) {
      String marker = markers.get(i);
      String now = (String) epochs.get(i);
      if (now == null) {
        now = write(marker);
      }
      String before = seen.put(marker, now);
      if (before != null && !before.equals(now)) {
        lost.add(marker);
      }
    }
    if (lost.isEmpty()) {
      return false;
    }
    LOG.warn("[{}] Redis lost Handoff's data ({}: restarted without persistence, flushed, or failed over to a node"
        + " without a replica of it); the sessions this node holds in memory are written back", namespace,
        cluster ? "the marker of " + lost.size() + " of " + markers.size() + " shards is gone" : "its marker is gone");
    listeners.forEach(Runnable::run);
    return true;
  }

  /** Writes a new epoch unless another node wrote one first; returns the epoch the marker holds. */
  private String write(String marker) {
    var bucket = redis.<String>getBucket(marker, StringCodec.INSTANCE);
    byte[] epoch = new byte[8];
    RandomBytes.fill(epoch);
    String fresh = HexFormat.of().formatHex(epoch);
    boolean written = calls.run("write the data marker", () -> bucket.setIfAbsentAsync(fresh, LIFE));
    return written ? fresh : calls.run("read the data marker", bucket::getAsync);
  }

  /** One key outside a cluster; on a cluster one per shard, in the first slot it serves. */
  private List<String> markerKeys() {
    if (!cluster) {
      return List.of(key);
    }
    var masters = redis.getRedisNodes(RedisNodes.CLUSTER).getMasters();
    if (masters.isEmpty()) {
      throw new StoreUnavailableException("[" + namespace + "] no cluster shard is known", null);
    }
    RedisClusterMaster any = masters.iterator().next();
    Map<ClusterSlotRange, Set<String>> slots = calls.run("read the cluster's slots", any::clusterSlotsAsync);
    Map<String, Integer> firstSlotOf = new HashMap<>();
    for (Map.Entry<ClusterSlotRange, Set<String>> range : slots.entrySet()) {
      String primary = range.getValue().iterator().next(); // CLUSTER SLOTS lists the primary first
      firstSlotOf.merge(primary, range.getKey().getStartSlot(), Math::min);
    }
    Set<String> keys = new LinkedHashSet<>();
    firstSlotOf.values().stream().sorted().forEach(slot -> keys.add(key + ":{" + SlotTags.tagFor(slot) + "}"));
    return List.copyOf(keys);
  }

  /** {@link #check()}, for background use: an unreachable Redis is checked again later. */
  void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.debug("[{}] data marker not checked: {}", namespace, e.toString());
    }
  }
}
