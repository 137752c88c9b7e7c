package dev.handoff.benchmarks;

import dev.handoff.testkit.RedisNode;
import dev.handoff.testkit.RespClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the shards of a cluster did, seen from the servers (INFO of every primary, summed), and the
 * memory of keys on each shard ({@code MEMORY USAGE ... SAMPLES 0}: exact, every element
 * counted). Also the benchmark JVM's per-thread allocation and CPU counters. One admin connection per primary.
 */
final class ClusterMeter implements AutoCloseable {

  private final List<RespClient> shards = new ArrayList<>();

  ClusterMeter(List<RedisNode> primaries) {
    for (RedisNode primary : primaries) {
      shards.add(primary.client());
    }
  }

  /** INFO commandstats, stats, memory and cpu of every shard, summed. */
  RedisInfo snapshot() {
    RedisInfo sum = null;
    for (RespClient shard : shards) {
      RedisInfo info = RedisInfo.parse(shard.string("INFO", "commandstats", "stats", "memory", "cpu"));
      sum = sum == null ? info : sum.plus(info);
    }
    return sum;
  }

  /** Number of shards measured. */
  int shards() {
    return shards.size();
  }

  /**
   * Exact memory of up to {@code perShard} random keys of each shard whose name contains {@code
   * infix}, as {@code [keys, bytes]}.
   */
  long[] sampleMemory(String infix, int perShard) {
    long keys = 0;
    long bytes = 0;
    for (RespClient shard : shards) {
      for (int attempt = 0, found = 0; found < perShard && attempt < perShard * 4; attempt++) {
        String key = shard.string("RANDOMKEY");
        if (key != null && key.contains(infix)) {
          bytes += shard.integer("MEMORY", "USAGE", key, "SAMPLES", "0");
          keys++;
          found++;
        }
      }
    }
    return new long[] {keys, bytes};
  }

  /**
   * Exact memory of every key of type {@code type} matching {@code pattern} on every shard (SCAN
   * over the whole keyspace: call it while the keyspace is small), as {@code [keys, bytes]}.
   */
  long[] scanMemory(String pattern, String type) {
    long keys = 0;
    long bytes = 0;
    for (RespClient shard : shards) {
      String cursor = "0";
      do {
        List<?> reply = (List<?>) shard.call("SCAN", cursor, "MATCH", pattern, "COUNT", "10000", "TYPE", type);
        cursor = (String) reply.get(0);
        for (Object key : (List<?>) reply.get(1)) {
          bytes += shard.integer("MEMORY", "USAGE", (String) key, "SAMPLES", "0");
          keys++;
        }
      } while (!cursor.equals("0"));
    }
    return new long[] {keys, bytes};
  }

  /** Per live thread of this JVM (by id): bytes allocated so far and CPU time so far (ns). */
  static Map<Long, long[]> threadCounters() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, long[]> counters = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (bytes[i] >= 0 && cpu >= 0) {
        counters.put(ids[i], new long[] {bytes[i], cpu});
      }
    }
    return counters;
  }

  /**
   * Bytes allocated and CPU nanoseconds used by the threads of this JVM since {@code before} (from
   * {@link #threadCounters()}): threads started since count in full; a thread that ended
   * meanwhile takes its counts with it.
   */
  static long[] threadCountersSince(Map<Long, long[]> before) {
    long bytes = 0;
    long cpu = 0;
    for (Map.Entry<Long, long[]> thread : threadCounters().entrySet()) {
      long[] start = before.getOrDefault(thread.getKey(), new long[2]);
      bytes += thread.getValue()[0] - start[0];
      cpu += thread.getValue()[1] - start[1];
    }
    return new long[] {bytes, cpu};
  }

  @Override
  public void close() {
    shards.forEach(RespClient::close);
  }
}
