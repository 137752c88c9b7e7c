package dev.handoff.benchmarks;

import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;

/**
 * One row of the scale benchmark: {@code expired} expired sessions among {@code total} sessions
 * in the cluster, what the cluster's memory was with all of them, and what sweeping the expired
 * ones cost, measured several times ({@code sweeps}, in the order they ran).
 */
record ScaleResult(long total, long expired, Memory memory, List<Sweep> sweeps) {

  ScaleResult {
    sweeps = List.copyOf(sweeps);
    if (sweeps.isEmpty()) {
      throw new IllegalArgumentException("a row needs at least one sweep");
    }
  }

  /** The sweep of median time (the lower middle one of an even number). */
  Sweep sweep() {
    List<Sweep> byTime = sweeps.stream().sorted(Comparator.comparingDouble(Sweep::millis)).toList();
    return byTime.get((byTime.size() - 1) / 2);
  }

  /** Fastest and slowest sweep time, ms. */
  double[] millisRange() {
    DoubleSummaryStatistics times = sweeps.stream().mapToDouble(Sweep::millis).summaryStatistics();
    return new double[] {times.getMin(), times.getMax()};
  }

  /** True when every sweep found exactly the row's expired sessions. */
  boolean allFound() {
    return sweeps.stream().allMatch(s -> s.expiredFound() == expired);
  }

  /**
   * The cluster with every session of the row written, before the sweep.
   *
   * @param usedMemory {@code used_memory} summed over the shards
   * @param usedMemoryEmpty the same before any session was written
   * @param hashKeys session hashes sampled (random keys of each shard)
   * @param hashBytes their {@code MEMORY USAGE ... SAMPLES 0}, summed
   * @param indexBytes {@code MEMORY USAGE ... SAMPLES 0} of every expiry index bucket, summed
   * @param written sessions created (or removed) to reach this row
   * @param writeSeconds how long that took
   */
  record Memory(long usedMemory, long usedMemoryEmpty, long hashKeys, long hashBytes, long indexBytes,
      long written, double writeSeconds) {

    /** {@code used_memory} growth since the empty cluster, per session. */
    double perSession(long sessions) {
      return sessions == 0 ? 0 : (double) (usedMemory - usedMemoryEmpty) / sessions;
    }

    /** Mean exact size of one session hash. */
    double hashMean() {
      return hashKeys == 0 ? Double.NaN : (double) hashBytes / hashKeys;
    }
  }

  /**
   * The sweep: {@code claimExpired(batch)} and {@code finishExpiry} of each session won, until a
   * claim returns nothing. Redis figures are deltas summed over the shards, the meter's own INFO
   * traffic subtracted.
   *
   * @param millis wall time of the loop
   * @param claimMillis the part of it spent in claimExpired
   * @param finishMillis the part spent in finishExpiry
   * @param claimCalls calls of claimExpired, the last (empty) one included
   * @param expiredFound sessions claimed and finished
   * @param commands Redis commands run (commandstats; the commands inside scripts counted too)
   * @param commandsByName the same by command, most called first
   * @param readEvents socket reads the shards processed (about one per round trip per shard reached)
   * @param bytesToRedis {@code total_net_input_bytes} delta
   * @param bytesFromRedis {@code total_net_output_bytes} delta
   * @param allocatedBytes bytes allocated by the benchmark JVM's threads during the loop
   * @param jvmCpuMillis CPU time the benchmark JVM's threads used during the loop
   * @param redisCpuMillis CPU time (user + system) the shards' processes used during the loop
   * @param usedMemoryBefore {@code used_memory} summed over the shards before the sweep
   * @param usedMemoryAfter the same after it
   * @param expiredByTtl keys Redis itself expired meanwhile (should be 0)
   */
  record Sweep(double millis, double claimMillis, double finishMillis, int claimCalls, long expiredFound, long commands, Map<String, Long> commandsByName,
      long readEvents, long bytesToRedis, long bytesFromRedis, long allocatedBytes, double jvmCpuMillis, double redisCpuMillis, long usedMemoryBefore, long usedMemoryAfter,
      long expiredByTtl) {
  }
}
